package io.cognitosuite.consumers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {

    @Test
    void fromEnvironment_usesTheDefaults_whenOnlyTheBusIsSet() {
        RelaySettings settings = RelaySettings.fromEnvironment(Map.of("EVENT_BUS_NAME", "cognito-suite"));

        assertThat(settings).isEqualTo(new RelaySettings("cognito-suite", "io.cognitosuite", 50, Duration.ofSeconds(20),
                Duration.ofSeconds(1), 3));
    }

    @Test
    void fromEnvironment_readsEveryVariable() {
        RelaySettings settings = RelaySettings.fromEnvironment(Map.of(
                "EVENT_BUS_NAME", "arn:aws:events:eu-west-1:123456789012:event-bus/cognito-suite",
                "EVENT_SOURCE", "com.example.identity",
                "RELAY_BATCH_SIZE", "100",
                "RELAY_BUDGET_MS", "45000",
                "RELAY_AFTER_BATCH_BUDGET_MS", "2000",
                "EVENT_PUBLISH_ATTEMPTS", "5"));

        assertThat(settings).isEqualTo(new RelaySettings("arn:aws:events:eu-west-1:123456789012:event-bus/cognito-suite",
                "com.example.identity", 100, Duration.ofSeconds(45), Duration.ofSeconds(2), 5));
    }

    @Test
    void fromEnvironment_failsAtStart_namingTheMissingBus() {
        assertThatThrownBy(() -> RelaySettings.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_NAME is required");
    }

    @Test
    void fromEnvironment_namesEveryBadValue_atOnce() {
        assertThatThrownBy(() -> RelaySettings.fromEnvironment(Map.of(
                "EVENT_BUS_NAME", "bus with spaces",
                "EVENT_SOURCE", "aws.cognito",
                "RELAY_BATCH_SIZE", "0",
                "RELAY_AFTER_BATCH_BUDGET_MS", "100")))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(4))
                .hasMessageContaining("EVENT_BUS_NAME must be an event bus name or ARN")
                .hasMessageContaining("EVENT_SOURCE must be")
                .hasMessageContaining("RELAY_BATCH_SIZE must be between 1 and 500")
                .hasMessageContaining("RELAY_AFTER_BATCH_BUDGET_MS must be 0 (off) or at least 500");
    }

    @Test
    void afterBatch_isOff_andNeedsNoBus_whenItsBudgetIsZero() {
        assertThat(RelaySettings.afterBatch(Map.of("RELAY_AFTER_BATCH_BUDGET_MS", "0"))).isEmpty();
    }

    @Test
    void afterBatch_needsTheBus_byDefault() {
        assertThatThrownBy(() -> RelaySettings.afterBatch(Map.of()))
                .hasMessageContaining("EVENT_BUS_NAME is required");
    }
}
