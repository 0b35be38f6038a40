package io.cognitosuite.postgres;

import io.cognitosuite.core.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void fromEnvironment_namesEveryMissingVariable_inOneError() {
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_URL is required")
                .hasMessageContaining("DATABASE_USER is required");
    }

    @Test
    void fromEnvironment_namesBadValues_andNeverEchoesThePassword() {
        Map<String, String> env = Map.of(
                "DATABASE_URL", "mysql://db/app",
                "DATABASE_USER", "app",
                "DATABASE_PASSWORD", "s3cr3t-value",
                "DATABASE_POOL_SIZE", "50",
                "DATABASE_CONNECT_TIMEOUT_MS", "soon");

        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(env))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("DATABASE_URL must start with jdbc:postgresql://")
                .hasMessageContaining("DATABASE_POOL_SIZE must be between 1 and 10 but is 50")
                .hasMessageContaining("DATABASE_CONNECT_TIMEOUT_MS must be a number of milliseconds but is 'soon'")
                .message().doesNotContain("s3cr3t-value");
    }

    @Test
    void fromEnvironment_rejectsValidationTimeoutNotBelowConnectTimeout() {
        Map<String, String> env = Map.of(
                "DATABASE_URL", "jdbc:postgresql://db:5432/app",
                "DATABASE_USER", "app",
                "DATABASE_CONNECT_TIMEOUT_MS", "500",
                "DATABASE_VALIDATION_TIMEOUT_MS", "500");

        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(env))
                .hasMessageContaining("DATABASE_VALIDATION_TIMEOUT_MS (500) must be less than DATABASE_CONNECT_TIMEOUT_MS (500)");
    }

    @Test
    void fromEnvironment_rejectsPasswordInUrl() {
        Map<String, String> env = Map.of(
                "DATABASE_URL", "jdbc:postgresql://db:5432/app?password=hunter2",
                "DATABASE_USER", "app");

        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(env))
                .hasMessageContaining("must not carry a password")
                .message().doesNotContain("hunter2");
    }

    @Test
    void fromEnvironment_rejectsCredentialsInTheAuthority_withoutEchoingThem() {
        Map<String, String> env = Map.of(
                "DATABASE_URL", "postgres://app:s3cret@db.internal/app",
                "DATABASE_USER", "app");

        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(env))
                .hasMessageContaining("must not carry a password")
                .hasMessageContaining("postgres://****@db.internal/app")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of(
                "DATABASE_URL", "jdbc:postgresql://db:5432/app?PASSWORD=hunter2", "DATABASE_USER", "app")))
                .message().doesNotContain("hunter2");
    }

    @Test
    void fromEnvironment_usesDefaultsSizedForATriggerBudget() {
        DatabaseSettings settings = DatabaseSettings.fromEnvironment(Map.of(
                "DATABASE_URL", "jdbc:postgresql://db:5432/app",
                "DATABASE_USER", "app",
                "DATABASE_PASSWORD", "s3cr3t-value"));

        assertThat(settings.poolSize()).isEqualTo(2);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(settings.validationTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(settings.toString()).contains("password=****").doesNotContain("s3cr3t-value");
    }
}
