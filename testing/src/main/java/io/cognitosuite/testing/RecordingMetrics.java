package io.cognitosuite.testing;

import io.cognitosuite.core.port.MetricSet;
import io.cognitosuite.core.port.Metrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Metrics} fake that keeps what was published. */
public final class RecordingMetrics implements Metrics {
    private final List<MetricSet> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(MetricSet metrics) {
        published.add(metrics);
    }

    public List<MetricSet> published() {
        return List.copyOf(published);
    }

    public MetricSet last() {
        if (published.isEmpty()) {
            throw new AssertionError("no metrics were published");
        }
        return published.get(published.size() - 1);
    }
}
