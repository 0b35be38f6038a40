package io.cognitosuite.benchmarks;

import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/** Serialises every metrics document, as Lambda's console sink does, and then drops it. */
final class DiscardingEmfEnvironment implements Environment {
    private static final ISink SINK = new ISink() {
        @Override
        public void accept(MetricsContext context) {
            try {
                context.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    };

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return "benchmark";
    }

    @Override
    public String getType() {
        return "benchmark";
    }

    @Override
    public String getLogGroupName() {
        return "benchmark";
    }

    @Override
    public void configureContext(MetricsContext context) {
    }

    @Override
    public ISink getSink() {
        return SINK;
    }
}
