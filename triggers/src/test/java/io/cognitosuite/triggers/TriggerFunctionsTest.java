package io.cognitosuite.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.testing.RecordingMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TriggerFunctionsTest {
    private static final Map<String, String> ENVIRONMENT = Map.of(DatabaseSettings.URL, "jdbc:postgresql://db/app",
            DatabaseSettings.USER, "app", DatabaseSettings.CONNECT_TIMEOUT, "1000");

    private final List<DatabaseSettings> opened = new ArrayList<>();
    /** Records what it is asked to open and opens nothing, so no pool is left behind. */
    private final Function<DatabaseSettings, Database> databases = settings -> {
        opened.add(settings);
        throw new NothingOpened();
    };

    @Test
    void databaseTriggers_openTheirPoolsThroughTheGivenFactory_withTheSettingsTheirRulesGive() {
        TriggerFunctions functions = new TriggerFunctions(ENVIRONMENT, databases, new RecordingMetrics(), Clock.systemUTC());

        assertThatThrownBy(functions::postAuthentication).isInstanceOf(NothingOpened.class);
        assertThatThrownBy(functions::preTokenGeneration).isInstanceOf(NothingOpened.class);

        assertThat(opened).extracting(DatabaseSettings::connectTimeout)
                .as("post-authentication's cut to 80% of its budget; pre-token generation's as configured")
                .containsExactly(Duration.ofMillis(400), Duration.ofMillis(1000));
    }

    @Test
    void aVariableWhoseValueIsNull_isUnset_asIfTheNameWereAbsent() {
        // System.getenv() never holds a null value; a map built by hand may (a password left unset).
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.put(DatabaseSettings.PASSWORD, null);
        environment.put("FEDERATED_ACCOUNTS", null);
        TriggerFunctions functions = new TriggerFunctions(environment, databases, new RecordingMetrics(), Clock.systemUTC());

        assertThatThrownBy(functions::postAuthentication).isInstanceOf(NothingOpened.class);
        assertThatThrownBy(functions::preTokenGeneration).isInstanceOf(NothingOpened.class);
        assertThat(functions.preSignUp()).as("FEDERATED_ACCOUNTS unset: its default, off").isNotNull();

        assertThat(opened).extracting(DatabaseSettings::password)
                .as("an unset password is the default, empty one")
                .containsExactly("", "");
    }

    private static final class NothingOpened extends RuntimeException {
    }
}
