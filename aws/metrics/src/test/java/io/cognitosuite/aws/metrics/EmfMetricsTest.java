package io.cognitosuite.aws.metrics;

import io.cognitosuite.core.port.MetricSet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

class EmfMetricsTest {

    @Test
    void publish_writesOneEmbeddedMetricDocument_withNamespaceDimensionsAndUnits() throws Exception {
        List<String> documents = new CopyOnWriteArrayList<>();
        EmfMetrics metrics = new EmfMetrics(new CapturingEnvironment(documents), "CognitoSuite");

        metrics.publish(MetricSet.builder()
                .dimension("TriggerSource", "PostConfirmation_ConfirmSignUp")
                .count("Invocations", 1)
                .count("Failures", 0)
                .millis("Latency", 12.5)
                .build());

        assertThat(documents).hasSize(1);
        JsonNode doc = Json.parse(documents.get(0));
        JsonNode directive = doc.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("CognitoSuite");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("TriggerSource");
        assertThat(doc.get("TriggerSource").asText()).isEqualTo("PostConfirmation_ConfirmSignUp");
        assertThat(doc.get("Invocations").asDouble()).isEqualTo(1.0);
        assertThat(doc.get("Failures").asDouble()).isEqualTo(0.0);
        assertThat(doc.get("Latency").asDouble()).isEqualTo(12.5);
        assertThat(directive.get("Metrics").toString())
                .contains("{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"}")
                .contains("{\"Name\":\"Invocations\",\"Unit\":\"Count\"}");
    }

    /** The real serializer, with a sink that keeps the documents instead of printing them. */
    private record CapturingEnvironment(List<String> documents) implements Environment {
        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public String getType() {
            return "test";
        }

        @Override
        public String getLogGroupName() {
            return "test";
        }

        @Override
        public void configureContext(MetricsContext context) {
        }

        @Override
        public ISink getSink() {
            return new ISink() {
                @Override
                public void accept(MetricsContext context) {
                    try {
                        documents.addAll(context.serialize());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public CompletableFuture<Void> shutdown() {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }
}
