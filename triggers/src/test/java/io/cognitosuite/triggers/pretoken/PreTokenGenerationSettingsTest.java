package io.cognitosuite.triggers.pretoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.triggers.TriggerFunctions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreTokenGenerationSettingsTest {

    @Test
    void defaults_fitTheTriggerBudget() {
        PreTokenGenerationSettings settings = PreTokenGenerationSettings.fromEnvironment(Map.of());

        assertThat(settings.databaseBudget()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.policy()).isEqualTo(ClaimsUnavailablePolicy.OMIT);
        assertThat(settings.claimBudgetBytes()).isEqualTo(2048);
        assertThat(settings.roleScopes().scopesFor("admin")).isEmpty();
    }

    @Test
    void badValues_areAllNamedInOneError() {
        assertThatThrownBy(() -> PreTokenGenerationSettings.fromEnvironment(Map.of(
                "TOKEN_DATABASE_BUDGET_MS", "5000",
                "CLAIMS_UNAVAILABLE_POLICY", "allow",
                "CLAIMS_SIZE_BUDGET_BYTES", "100",
                "ROLE_SCOPES", "admin")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TOKEN_DATABASE_BUDGET_MS must be between 200 and 4000")
                .hasMessageContaining("CLAIMS_UNAVAILABLE_POLICY must be one of [omit, deny] but is 'allow'")
                .hasMessageContaining("CLAIMS_SIZE_BUDGET_BYTES must be between 512 and 16384")
                .hasMessageContaining("ROLE_SCOPES: entry 'admin'");
    }

    @Test
    void policyAndScopes_areRead() {
        PreTokenGenerationSettings settings = PreTokenGenerationSettings.fromEnvironment(Map.of(
                "CLAIMS_UNAVAILABLE_POLICY", "DENY", "ROLE_SCOPES", "admin=api/admin"));

        assertThat(settings.policy()).isEqualTo(ClaimsUnavailablePolicy.DENY);
        assertThat(settings.roleScopes().scopesFor("admin")).containsExactly("api/admin");
    }

    @Test
    void connectTimeoutNotBelowTheBudget_isRejectedAtStart() {
        assertThatThrownBy(() -> new TriggerFunctions(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app",
                "DATABASE_USER", "app",
                "DATABASE_CONNECT_TIMEOUT_MS", "1500",
                "DATABASE_VALIDATION_TIMEOUT_MS", "500"), new RecordingMetrics(), Clock.systemUTC()).preTokenGeneration())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_CONNECT_TIMEOUT_MS (1500) must be less than TOKEN_DATABASE_BUDGET_MS (1500)");
    }
}
