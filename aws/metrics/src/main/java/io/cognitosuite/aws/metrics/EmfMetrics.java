package io.cognitosuite.aws.metrics;

import io.cognitosuite.core.port.MetricSet;

import io.cognitosuite.core.port.Metrics;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Metrics as CloudWatch embedded metric format: one JSON document per {@link MetricSet} on standard
 * output, which Lambda ships to CloudWatch Logs and CloudWatch turns into metrics. No network call.
 * A failure to emit a metric is logged and never fails the caller.
 */
public final class EmfMetrics implements Metrics {
    public static final String NAMESPACE = "CognitoSuite";
    private static final Logger LOG = LoggerFactory.getLogger(EmfMetrics.class);

    private final Environment environment;
    private final String namespace;

    /** Writes to standard output, as in Lambda, without probing for an agent or instance metadata. */
    public EmfMetrics() {
        this(new LambdaEnvironment(), NAMESPACE);
    }

    public EmfMetrics(Environment environment, String namespace) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    @Override
    public void publish(MetricSet metrics) {
        try {
            MetricsLogger logger = new MetricsLogger(environment);
            logger.setNamespace(namespace);
            DimensionSet dimensions = new DimensionSet();
            for (var d : metrics.dimensions().entrySet()) {
                dimensions.addDimension(d.getKey(), d.getValue());
            }
            logger.setDimensions(dimensions);
            for (var c : metrics.counts().entrySet()) {
                logger.putMetric(c.getKey(), c.getValue(), Unit.COUNT);
            }
            for (var m : metrics.millis().entrySet()) {
                logger.putMetric(m.getKey(), m.getValue(), Unit.MILLISECONDS);
            }
            logger.flush();
        } catch (Exception e) {
            LOG.warn("could not emit metrics {}: {}", metrics.counts().keySet(), e.toString());
        }
    }
}
