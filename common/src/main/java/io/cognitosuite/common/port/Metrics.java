package io.cognitosuite.common.port;

import io.cognitosuite.common.observability.MetricSet;

/** Where measurements go (CloudWatch embedded metric format in production). */
public interface Metrics {
    void publish(MetricSet metrics);
}
