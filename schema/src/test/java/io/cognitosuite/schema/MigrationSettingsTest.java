package io.cognitosuite.schema;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.postgres.DatabaseSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationSettingsTest {
    private static final Map<String, String> CONNECTION = Map.of(DatabaseSettings.URL, "jdbc:postgresql://db:5432/app",
            DatabaseSettings.USER, "migrator");

    @Test
    void appRole_defaultsToTheMigrationsOwnUser_andItsTimeoutTo5Seconds() {
        MigrationSettings settings = MigrationSettings.fromEnvironment(CONNECTION);

        assertThat(settings.appUser()).isEqualTo("migrator");
        assertThat(settings.appStatementTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(settings.database().user()).isEqualTo("migrator");
    }

    @Test
    void appRoleAndTimeout_areReadFromTheirVariables() {
        Map<String, String> environment = new java.util.HashMap<>(CONNECTION);
        environment.put(MigrationSettings.APP_USER, "cognito_suite_app");
        environment.put(MigrationSettings.APP_STATEMENT_TIMEOUT, "1500");

        MigrationSettings settings = MigrationSettings.fromEnvironment(environment);

        assertThat(settings.appUser()).isEqualTo("cognito_suite_app");
        assertThat(settings.appStatementTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void everyProblem_isNamedAtOnce_connectionAndAppRoleAlike() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> MigrationSettings.fromEnvironment(Map.of(MigrationSettings.APP_STATEMENT_TIMEOUT, "10",
                        MigrationSettings.APP_USER, "r".repeat(64))));

        assertThat(e.problems()).contains(DatabaseSettings.URL + " is required but not set",
                DatabaseSettings.USER + " is required but not set",
                MigrationSettings.APP_STATEMENT_TIMEOUT + " must be between 50 and 600000 milliseconds but is 10",
                MigrationSettings.APP_USER + " must be a PostgreSQL role name of at most 63 bytes");
        assertThat(e.getMessage()).doesNotContain("rrrr");
    }
}
