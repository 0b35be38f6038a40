package io.cognitosuite.consumers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerComponentsTest {

    @Test
    void provisioningProcessor_failsAtStart_namingTheMissingDatabaseVariables() {
        assertThatThrownBy(() -> ConsumerComponents.provisioningProcessor(Map.of(
                "EVENT_BUS_NAME", "bus"), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_URL is required")
                .hasMessageContaining("DATABASE_USER is required");
    }

    @Test
    void provisioningProcessor_isBuiltWithoutConnecting() {
        // Nothing listens on port 1: building must still succeed, because the pool connects on first use.
        assertThat(ConsumerComponents.provisioningProcessor(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app",
                "DATABASE_USER", "app",
                "EVENT_BUS_NAME", "bus"), Clock.systemUTC())).isNotNull();
    }

    @Test
    void provisioningProcessor_failsAtStart_namingTheBusAndTheDatabaseVariables() {
        assertThatThrownBy(() -> ConsumerComponents.provisioningProcessor(Map.of(), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_NAME is required")
                .hasMessageContaining("DATABASE_URL is required");
    }

    @Test
    void provisioningProcessor_needsNoBus_whenThePassAfterABatchIsOff() {
        assertThat(ConsumerComponents.provisioningProcessor(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app",
                "DATABASE_USER", "app",
                "RELAY_AFTER_BATCH_BUDGET_MS", "0"), Clock.systemUTC())).isNotNull();
    }

    @Test
    void relayProcessor_failsAtStart_namingEveryMissingVariable() {
        assertThatThrownBy(() -> ConsumerComponents.relayProcessor(Map.of("RELAY_BATCH_SIZE", "many"), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_NAME is required")
                .hasMessageContaining("RELAY_BATCH_SIZE must be a whole number but is 'many'")
                .hasMessageContaining("DATABASE_URL is required");
    }
}
