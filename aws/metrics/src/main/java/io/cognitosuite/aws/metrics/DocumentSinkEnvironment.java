package io.cognitosuite.aws.metrics;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * An embedded-metric-format environment that serialises every document, as Lambda's console sink
 * does, and hands it to a consumer instead of standard output: the local stack writes it to its log,
 * benchmarks drop it.
 */
public final class DocumentSinkEnvironment implements Environment {
    private final String name;
    private final ISink sink;

    public DocumentSinkEnvironment(String name, Consumer<String> documents) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(documents, "documents");
        this.sink = new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    context.serialize().forEach(documents);
                } catch (Exception e) {
                    throw new IllegalStateException("could not serialise metrics", e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getType() {
        return name;
    }

    @Override
    public String getLogGroupName() {
        return name;
    }

    @Override
    public void configureContext(MetricsContext context) {
    }

    @Override
    public ISink getSink() {
        return sink;
    }
}
