package io.cognitosuite.tools;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/** Writes each embedded-metric document to the local log instead of the console the CLI talks on. */
final class LoggedEmfEnvironment implements Environment {
    private static final Logger METRICS = LoggerFactory.getLogger("io.cognitosuite.metrics");
    private static final ISink SINK = new ISink() {
        @Override
        public void accept(MetricsContext context) {
            try {
                for (String document : context.serialize()) {
                    METRICS.info(document);
                }
            } catch (Exception e) {
                METRICS.warn("could not serialise metrics: {}", e.toString());
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
        return "local";
    }

    @Override
    public String getType() {
        return "local";
    }

    @Override
    public String getLogGroupName() {
        return "local";
    }

    @Override
    public void configureContext(MetricsContext context) {
    }

    @Override
    public ISink getSink() {
        return SINK;
    }
}
