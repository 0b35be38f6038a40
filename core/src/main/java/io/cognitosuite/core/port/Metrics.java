package io.cognitosuite.core.port;

import io.cognitosuite.core.port.MetricSet;

/** Where measurements go (CloudWatch embedded metric format in production). */
public interface Metrics {
    void publish(MetricSet metrics);
}
