package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.postgres.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local stack runs the consumers with production's settings: the literal values template.yaml gives each consumer
 * function, and the event source mapping's batch size and redrive count. Reads template.yaml as text (the deploy
 * module's tests parse it fully; a literal {@code NAME: 'value'} line is all this needs).
 */
class LocalSuiteTemplateTest {
    private static final Pattern LITERAL_VARIABLE = Pattern.compile("^ {10}([A-Z][A-Z0-9_]*): '([^']*)'$");
    private static List<String> template;

    @BeforeAll
    static void read() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
            assertThat(dir).as("template.yaml above the working directory").isNotNull();
        }
        template = Files.readAllLines(dir.resolve("template.yaml"));
    }

    @Test
    void userProvisioning_getsEveryLiteralSettingTheTemplateGivesTheFunction() {
        assertThat(LocalSuite.USER_PROVISIONING_SETTINGS).isEqualTo(literalVariables("UserProvisioningFunction"));
    }

    @Test
    void outboxRelay_getsEveryLiteralSettingTheTemplateGivesTheFunction() {
        assertThat(LocalSuite.OUTBOX_RELAY_SETTINGS).isEqualTo(literalVariables("OutboxRelayFunction"));
    }

    @Test
    void eventSource_pollsTheTemplatesBatchSize_andTheQueueRedrivesAfterItsReceiveCount() {
        assertThat(LocalSuite.EVENT_SOURCE_BATCH_SIZE)
                .isEqualTo(Integer.parseInt(property("UserConfirmedEventSourceMapping", "BatchSize")));
        assertThat(LocalSuite.DEFAULT_MAX_RECEIVE_COUNT)
                .isEqualTo(Integer.parseInt(property("UserConfirmedQueue", "maxReceiveCount")));
    }

    @Test
    void consumerEnvironment_isTheTemplatesSettings_changedByTheCaller_pointedAtTheLocalDatabase() {
        DatabaseSettings db = DatabaseSettings.withDefaults("jdbc:postgresql://127.0.0.1:5432/cognito_suite", "app", "secret");

        Map<String, String> environment = LocalSuite.consumerEnvironment(LocalSuite.USER_PROVISIONING_SETTINGS,
                Map.of("OUTAGE_BACKOFF_FIRST_SECONDS", "60", DatabaseSettings.URL, "jdbc:postgresql://elsewhere/db"), db);

        assertThat(environment)
                .containsEntry("OUTAGE_BACKOFF_FIRST_SECONDS", "60")
                .containsEntry("OUTAGE_BACKOFF_MAX_SECONDS", "21600")
                .containsEntry("RELAY_AFTER_BATCH_BUDGET_MS", "1000")
                .containsEntry(DatabaseSettings.URL, db.jdbcUrl())
                .containsEntry(DatabaseSettings.USER, "app")
                .containsEntry(DatabaseSettings.PASSWORD, "secret")
                .containsEntry("EVENT_BUS_NAME", LocalSuite.LOCAL_EVENT_BUS);
    }

    /** The {@code Environment.Variables} of a function whose value is a plain quoted string. */
    private static Map<String, String> literalVariables(String function) {
        int line = resource(function);
        while (!template.get(line).equals("        Variables:")) {
            line++;
        }
        Map<String, String> literals = new LinkedHashMap<>();
        for (line++; line < template.size(); line++) {
            String text = template.get(line);
            if (text.isBlank() || text.startsWith("           ") || text.strip().startsWith("#")) {
                continue;
            }
            if (!text.startsWith("          ")) {
                break;
            }
            Matcher matcher = LITERAL_VARIABLE.matcher(text);
            if (matcher.matches()) {
                literals.put(matcher.group(1), matcher.group(2));
            }
        }
        assertThat(literals).as("literal variables of %s", function).isNotEmpty();
        return literals;
    }

    /** The first {@code name: value} below a resource, at any depth. */
    private static String property(String resource, String name) {
        Pattern property = Pattern.compile("^ +" + name + ": '?([^' ]+)'?$");
        for (int line = resource(resource) + 1; line < template.size() && !template.get(line).matches("^  [A-Za-z]+:$"); line++) {
            Matcher matcher = property.matcher(template.get(line));
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError(resource + " has no " + name);
    }

    private static int resource(String logicalId) {
        int line = template.indexOf("  " + logicalId + ":");
        assertThat(line).as("resource %s in template.yaml", logicalId).isNotNegative();
        return line;
    }
}
