package io.cognitosuite.tools.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.postgres.DatabaseSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The support desk's database settings: the pool's socket timeout (statement timeout plus 1 s) caps every read, so
 * the default statement timeout must leave room for the commands' 30 s database calls.
 */
class SupportSessionTest {
    private static final Map<String, String> CONNECTION = Map.of(
            DatabaseSettings.URL, "jdbc:postgresql://127.0.0.1:5432/app",
            DatabaseSettings.USER, "support");

    @Test
    void statementTimeoutUnset_defaultsTo30Seconds_soA30SecondCallIsNotCutAtTheFunctionsTwoSeconds() {
        DatabaseSettings settings = SupportSession.databaseSettings(CONNECTION);

        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.connectTimeout()).as("the other defaults stay the functions'").isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void statementTimeoutBlank_isUnset() {
        DatabaseSettings settings = SupportSession.databaseSettings(with(DatabaseSettings.STATEMENT_TIMEOUT, " "));

        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void statementTimeoutSet_isKept() {
        DatabaseSettings settings = SupportSession.databaseSettings(with(DatabaseSettings.STATEMENT_TIMEOUT, "1000"));

        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofMillis(1000));
    }

    private static Map<String, String> with(String name, String value) {
        var environment = new java.util.HashMap<>(CONNECTION);
        environment.put(name, value);
        return environment;
    }
}
