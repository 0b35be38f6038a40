package io.cognitosuite.consumers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composition root reads every setting before it builds anything, and connects to nothing. */
class ConsumerComponentsTest {

    @Test
    void provisioningProcessor_failsAtStart_namingTheMissingDatabaseVariables() {
        assertThatThrownBy(() -> ConsumerComponents.userProvisioning(Map.of(
                "EVENT_BUS_NAME", "bus"), ConsumerConnections.aws(), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_URL is required")
                .hasMessageContaining("DATABASE_USER is required");
    }

    @Test
    void provisioningProcessor_isBuiltWithoutConnecting() {
        // Nothing listens on port 1: building must still succeed, because the pool connects on first use.
        assertThat(ConsumerComponents.userProvisioning(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app",
                "DATABASE_USER", "app",
                "EVENT_BUS_NAME", "bus"), ConsumerConnections.aws(), Clock.systemUTC())).isNotNull();
    }

    @Test
    void aVariableWhoseValueIsNull_isUnset_asIfTheNameWereAbsent() {
        // System.getenv() never holds a null value; the local stack's map may (a password left unset).
        Map<String, String> environment = new HashMap<>();
        environment.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app");
        environment.put("DATABASE_USER", "app");
        environment.put("DATABASE_PASSWORD", null);
        environment.put("EVENT_BUS_NAME", "bus");

        assertThat(ConsumerComponents.userProvisioning(environment, ConsumerConnections.aws(), Clock.systemUTC()))
                .isNotNull();
        assertThat(ConsumerComponents.outboxRelay(environment, ConsumerConnections.aws(), Clock.systemUTC()))
                .isNotNull();

        environment.put("EVENT_BUS_NAME", null);
        assertThatThrownBy(() -> ConsumerComponents.outboxRelay(environment, ConsumerConnections.aws(), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_NAME is required");
    }

    @Test
    void provisioningProcessor_failsAtStart_namingTheBusAndTheDatabaseVariables() {
        assertThatThrownBy(() -> ConsumerComponents.userProvisioning(Map.of(), ConsumerConnections.aws(), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_NAME is required")
                .hasMessageContaining("DATABASE_URL is required");
    }

    @Test
    void provisioningProcessor_needsNoBus_whenThePassAfterABatchIsOff() {
        assertThat(ConsumerComponents.userProvisioning(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app",
                "DATABASE_USER", "app",
                "RELAY_AFTER_BATCH_BUDGET_MS", "0"), ConsumerConnections.aws(), Clock.systemUTC())).isNotNull();
    }

    @Test
    void relayProcessor_failsAtStart_namingEveryMissingVariable() {
        assertThatThrownBy(() -> ConsumerComponents.outboxRelay(Map.of("RELAY_BATCH_SIZE", "many"), ConsumerConnections.aws(), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_NAME is required")
                .hasMessageContaining("RELAY_BATCH_SIZE must be a whole number but is 'many'")
                .hasMessageContaining("DATABASE_URL is required");
    }
}
