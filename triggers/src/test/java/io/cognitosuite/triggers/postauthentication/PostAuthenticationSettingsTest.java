package io.cognitosuite.triggers.postauthentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.postgres.DatabaseSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostAuthenticationSettingsTest {

    @Test
    void fromEnvironment_defaultsTheBudgetToHalfASecond() {
        assertThat(PostAuthenticationSettings.fromEnvironment(Map.of()).databaseBudget()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void fromEnvironment_namesABudgetOutsideItsBounds() {
        assertThatThrownBy(() -> PostAuthenticationSettings.fromEnvironment(Map.of("SIGN_IN_DATABASE_BUDGET_MS", "3000")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SIGN_IN_DATABASE_BUDGET_MS must be between 400 and 2000 milliseconds but is 3000");
    }

    @Test
    void databaseSettings_cutTheConnectTimeoutToFourFifthsOfTheBudget() {
        DatabaseSettings base = DatabaseSettings.fromEnvironment(Map.of(DatabaseSettings.URL, "jdbc:postgresql://db/app",
                DatabaseSettings.USER, "app", DatabaseSettings.CONNECT_TIMEOUT, "3000"));

        DatabaseSettings cut = PostAuthenticationSettings.fromEnvironment(Map.of("SIGN_IN_DATABASE_BUDGET_MS", "500"))
                .databaseSettings(base);

        assertThat(cut.connectTimeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(cut.validationTimeout()).isLessThan(Duration.ofMillis(400));
        assertThat(cut.jdbcUrl()).isEqualTo(base.jdbcUrl());
    }

    @Test
    void databaseSettings_keepAConnectTimeoutThatAlreadyFits() {
        DatabaseSettings base = DatabaseSettings.fromEnvironment(Map.of(DatabaseSettings.URL, "jdbc:postgresql://db/app",
                DatabaseSettings.USER, "app", DatabaseSettings.CONNECT_TIMEOUT, "350",
                DatabaseSettings.VALIDATION_TIMEOUT, "250"));

        assertThat(PostAuthenticationSettings.fromEnvironment(Map.of()).databaseSettings(base)).isEqualTo(base);
    }
}
