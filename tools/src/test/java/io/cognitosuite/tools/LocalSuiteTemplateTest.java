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
 * The local stack runs the functions with production's settings: the literal values template.yaml gives each consumer
 * function, each trigger's values (a parameter's default where the template names one), each function's timeout, and
 * the event source mapping's batch size and redrive count. Reads template.yaml as text (the deploy
 * module's tests parse it fully; a literal {@code NAME: 'value'} line is all this needs).
 */
class LocalSuiteTemplateTest {
    private static final Pattern LITERAL_VARIABLE = Pattern.compile("^ {10}([A-Z][A-Z0-9_]*): '([^']*)'$");
    private static final Pattern REF_VARIABLE = Pattern.compile("^ {10}([A-Z][A-Z0-9_]*): !Ref ([A-Za-z0-9]+)$");
    private static final Pattern PARAMETER_DEFAULT = Pattern.compile("^    Default: (.*)$");
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
    void eachTrigger_getsEverySettingTheTemplateGivesTheFunction_aParametersDefaultWhereItNamesOne() {
        assertThat(LocalSuite.PRE_SIGN_UP_SETTINGS).isEqualTo(triggerSettings("PreSignUpFunction"));
        assertThat(LocalSuite.POST_CONFIRMATION_SETTINGS).isEqualTo(triggerSettings("PostConfirmationFunction"));
        assertThat(LocalSuite.POST_AUTHENTICATION_SETTINGS).isEqualTo(triggerSettings("PostAuthenticationFunction"));
        assertThat(LocalSuite.PRE_TOKEN_GENERATION_SETTINGS).isEqualTo(triggerSettings("PreTokenGenerationFunction"));
    }

    @Test
    void eachFunction_isInvokedWithTheTimeoutTheTemplateGivesIt() {
        assertThat(LocalSuite.FUNCTION_TIMEOUTS).hasSize(6).allSatisfy((function, timeout) -> {
            assertThat(timeout.toSeconds()).as(function)
                    .isEqualTo(Long.parseLong(property(function + "Function", "Timeout")));
            assertThat(InvokeEndpoint.timeout(function)).isEqualTo(timeout);
        });
    }

    @Test
    void api_getsTheTemplatesLiteralSettingsAndTimeout() {
        assertThat(LocalSuite.API_SETTINGS).isEqualTo(literalVariables("ApiFunction"));
        assertThat(LocalSuite.API_TIMEOUT.toSeconds()).isEqualTo(Long.parseLong(property("ApiFunction", "Timeout")));
    }

    /**
     * The local gateway serves exactly the template's HTTP API routes: each {@code RouteKey}, whether it has the JWT
     * authorizer ({@code AuthorizationType}) and the {@code AuthorizationScopes} it requires.
     */
    @Test
    void localGateway_servesTheTemplatesRoutes_withTheirAuthorizationAndScopes() {
        Map<String, String> templateRoutes = new java.util.TreeMap<>();
        for (int line = 0; line < template.size(); line++) {
            Matcher key = Pattern.compile("^      RouteKey: (.+)$").matcher(template.get(line));
            if (!key.matches()) {
                continue;
            }
            String authorization = "";
            String scopes = "[]";
            for (int next = line + 1; next < template.size() && template.get(next).startsWith("      "); next++) {
                Matcher type = Pattern.compile("^      AuthorizationType: (\\w+)$").matcher(template.get(next));
                Matcher scope = Pattern.compile("^      AuthorizationScopes: (\\[.*])$").matcher(template.get(next));
                if (type.matches()) {
                    authorization = type.group(1);
                } else if (scope.matches()) {
                    scopes = scope.group(1).replace(" ", "");
                }
            }
            templateRoutes.put(key.group(1), authorization + " " + scopes);
        }
        Map<String, String> gatewayRoutes = new java.util.TreeMap<>();
        for (io.cognitosuite.tools.gateway.GatewayRoute route : io.cognitosuite.tools.gateway.GatewayRoutes.API.routes()) {
            gatewayRoutes.put(route.routeKey(), route.authorization().name() + " [" + String.join(",", route.scopes()) + "]");
        }

        assertThat(templateRoutes).hasSize(6);
        assertThat(gatewayRoutes).isEqualTo(templateRoutes);
        // and the API function answers on each of them (its route table's keys)
        assertThat(java.util.Set.of(io.cognitosuite.api.function.routes.ReadRoutes.HEALTH,
                io.cognitosuite.api.function.routes.ReadRoutes.ME, io.cognitosuite.api.function.routes.ReadRoutes.WORKSPACE,
                io.cognitosuite.api.function.routes.ReadRoutes.WORKSPACE_MEMBERS,
                io.cognitosuite.api.function.admin.AdminRoutes.CHANGE_ROLE,
                io.cognitosuite.api.function.admin.AdminRoutes.INVITE)).isEqualTo(templateRoutes.keySet());
    }

    @Test
    void triggerEnvironment_isTheTemplatesSettings_thenTheDemoScopes_changedByTheCaller_pointedAtTheLocalServers() {
        DatabaseSettings db = DatabaseSettings.withDefaults("jdbc:postgresql://127.0.0.1:5432/cognito_suite", "app", "secret");

        Map<String, String> environment = LocalSuite.functionEnvironment(LocalSuite.PRE_TOKEN_GENERATION_SETTINGS,
                Map.of("CLAIMS_SIZE_BUDGET_BYTES", "4096", DatabaseSettings.URL, "jdbc:postgresql://elsewhere/db"), db,
                "http://queue");

        assertThat(environment)
                .containsEntry("CLAIMS_SIZE_BUDGET_BYTES", "4096")
                .containsEntry("TOKEN_DATABASE_BUDGET_MS", "1500")
                .containsEntry("CLAIMS_UNAVAILABLE_POLICY", "omit")
                .containsEntry("ROLE_SCOPES", "admin=api/admin api/read;user=api/read")
                .containsEntry(DatabaseSettings.URL, db.jdbcUrl())
                .containsEntry("USER_CONFIRMED_QUEUE_URL", "http://queue");
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

    /**
     * A trigger's settings: its literal variables, and for each variable that names a parameter
     * ({@code NAME: !Ref Parameter}) that parameter's {@code Default}. Not the log level, nor where things are (a
     * parameter without a default, a resource, or the database user).
     */
    private static Map<String, String> triggerSettings(String function) {
        Map<String, String> settings = new LinkedHashMap<>(literalVariables(function));
        int line = resource(function);
        while (!template.get(line).equals("        Variables:")) {
            line++;
        }
        for (line++; line < template.size() && (template.get(line).startsWith("          ")); line++) {
            Matcher matcher = REF_VARIABLE.matcher(template.get(line));
            if (matcher.matches() && !List.of("LOG_LEVEL", DatabaseSettings.USER).contains(matcher.group(1))) {
                String fallback = parameterDefault(matcher.group(2));
                if (fallback != null) {
                    settings.put(matcher.group(1), fallback);
                }
            }
        }
        return settings;
    }

    /** The {@code Default} of a template parameter, unquoted; {@code null} when the name is not a parameter with one. */
    private static String parameterDefault(String parameter) {
        int parameters = template.indexOf("Parameters:");
        assertThat(parameters).as("Parameters in template.yaml").isNotNegative();
        int line = template.subList(parameters, template.size()).indexOf("  " + parameter + ":");
        if (line < 0) {
            return null;
        }
        for (line += parameters + 1; line < template.size() && template.get(line).startsWith("    "); line++) {
            Matcher matcher = PARAMETER_DEFAULT.matcher(template.get(line));
            if (matcher.matches()) {
                return matcher.group(1).replaceAll("^'(.*)'$", "$1");
            }
        }
        return null;
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
