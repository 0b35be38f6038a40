package io.cognitosuite.core.port;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Measurements of one invocation or batch, with the dimensions they are grouped by.
 *
 * @param dimensions e.g. {@code TriggerSource=PostConfirmation_ConfirmSignUp}
 * @param counts     e.g. {@code Invocations=1, Failures=0}
 * @param millis     e.g. {@code Latency=12.5}
 */
public record MetricSet(Map<String, String> dimensions, Map<String, Double> counts, Map<String, Double> millis) {
    public MetricSet {
        dimensions = Map.copyOf(dimensions);
        counts = Map.copyOf(counts);
        millis = Map.copyOf(millis);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MetricSet}; insertion order does not matter. */
    public static final class Builder {
        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final Map<String, Double> counts = new LinkedHashMap<>();
        private final Map<String, Double> millis = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder dimension(String name, String value) {
            dimensions.put(Objects.requireNonNull(name), Objects.requireNonNullElse(value, "unknown"));
            return this;
        }

        public Builder count(String name, double value) {
            counts.put(Objects.requireNonNull(name), value);
            return this;
        }

        public Builder millis(String name, double value) {
            millis.put(Objects.requireNonNull(name), value);
            return this;
        }

        public MetricSet build() {
            return new MetricSet(dimensions, counts, millis);
        }
    }
}
