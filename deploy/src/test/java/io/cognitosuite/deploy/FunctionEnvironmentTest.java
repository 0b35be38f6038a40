package io.cognitosuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.cognitosuite.api.function.ApiHandler;
import io.cognitosuite.api.function.internal.ApiSettings;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.MigrationSettings;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.deploy.EnvironmentContract.Contract;
import io.cognitosuite.deploy.template.Intrinsics;
import io.cognitosuite.deploy.template.Template;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationSettings;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function's environment in {@code template.yaml} is exactly what its code reads: each required variable
 * is set, none is set that the code never reads, and the handler's own composition root accepts the values
 * for every stage (see {@link EnvironmentContract} for where the variable names come from).
 */
class FunctionEnvironmentTest {
    private static Template template;

    @BeforeAll
    static void load() throws Exception {
        template = Template.fromRepository();
    }

    static Stream<String> functions() throws Exception {
        return Template.fromRepository().functions().stream();
    }

    static Stream<Arguments> functionsAndParameters() throws Exception {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String function : Template.fromRepository().functions()) {
            for (String stage : SampleParameters.STAGES) {
                cases.add(Arguments.of(function, stage, SampleParameters.forStage(stage)));
            }
            cases.add(Arguments.of(function, "prod, migration owner", SampleParameters.withMigrationOwner("prod")));
        }
        return cases.build();
    }

    private static Contract contract(String function) {
        String handler = template.handlerClass(function);
        Contract contract = EnvironmentContract.BY_HANDLER.get(handler);
        assertThat(contract).as("%s runs %s, which has no environment contract in EnvironmentContract", function, handler)
                .isNotNull();
        return contract;
    }

    private static Map<String, String> resolvedEnvironment(String function, Map<String, Object> parameters) {
        Intrinsics intrinsics = new Intrinsics(template, parameters);
        Map<String, String> environment = new LinkedHashMap<>();
        template.environment(function).forEach((name, value) -> environment.put(name, intrinsics.resolveString(value)));
        return environment;
    }

    private static long timeoutMillis(String function) {
        return ((Number) template.functionProperties(function).get("Timeout")).longValue() * 1000;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyRequiredVariable_isSet(String function) {
        Contract contract = contract(function);

        assertThat(template.environment(function).keySet())
                .as("variables %s's code requires", function)
                .containsAll(contract.required());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void noVariableIsSetThatTheCodeNeverReads(String function) {
        Contract contract = contract(function);

        assertThat(contract.known()).as("variables %s's code reads", function)
                .containsAll(template.environment(function).keySet());
    }

    @Test
    void theRequiredVariablesAreFoundInTheCode_notAssumed() {
        // Guards the derivation itself: if the composition roots stopped naming missing variables, every
        // "required" set would be empty and the check above would pass vacuously.
        assertThat(EnvironmentContract.BY_HANDLER.get(PreTokenGenerationHandler.class.getName()).required())
                .contains(DatabaseSettings.URL, DatabaseSettings.USER);
        assertThat(EnvironmentContract.BY_HANDLER.get(PostConfirmationHandler.class.getName()).required())
                .containsExactly(PostConfirmationSettings.QUEUE_URL);
        assertThat(EnvironmentContract.BY_HANDLER.get(ApiHandler.class.getName()).required())
                .contains(ApiSettings.USER_POOL_ID);
        assertThat(EnvironmentContract.LOGGING_VARIABLES).contains("LOG_LEVEL");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("functionsAndParameters")
    void theTemplatesValues_areAcceptedByTheHandlersOwnCompositionRoot(String function, String stage,
                                                                        Map<String, Object> parameters) {
        Map<String, String> environment = resolvedEnvironment(function, parameters);

        assertThatCode(() -> contract(function).compositionRoot().apply(environment))
                .as("%s (%s) built from %s", function, stage, environment.keySet())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void databasePassword_comesFromSecretsManager_neverFromAPlainValue(String function) {
        Object password = template.environment(function).get(DatabaseSettings.PASSWORD);
        if (password == null) {
            return;
        }
        for (String stage : SampleParameters.STAGES) {
            for (Map<String, Object> parameters : List.of(SampleParameters.forStage(stage),
                    SampleParameters.withMigrationOwner(stage), SampleParameters.withSecretVersion(stage))) {
                // secret-id:SecretString:json-key[:version-stage:version-id]; a version id leaves the stage empty.
                assertThat(new Intrinsics(template, parameters).resolveString(password))
                        .matches(SECRET_REFERENCE);
            }
        }
        assertThat(template.parameters().keySet()).noneMatch(name -> name.toLowerCase().contains("password"));
    }

    /**
     * CloudFormation resolves a dynamic reference again only when the property holding it changes: a rotated
     * secret reaches a function only if a new {@code DatabaseSecretVersionId} changes its configuration.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void aNewSecretVersionId_changesTheDatabasePassword_soThatARotationRollsTheFunction(String function) {
        Object password = template.environment(function).get(DatabaseSettings.PASSWORD);
        if (password == null) {
            return;
        }
        assertThat(map(template.parameters().get("DatabaseSecretVersionId")))
                .as("DatabaseSecretVersionId is optional").containsEntry("Default", "");
        for (String stage : SampleParameters.STAGES) {
            String current = new Intrinsics(template, SampleParameters.forStage(stage)).resolveString(password);
            String versioned = new Intrinsics(template, SampleParameters.withSecretVersion(stage)).resolveString(password);

            assertThat(current).as("%s without a version id: AWSCURRENT", function)
                    .endsWith(":SecretString:password}}");
            assertThat(versioned).as("%s with a version id", function)
                    .isEqualTo(current.replace(":SecretString:password}}",
                            ":SecretString:password::" + SampleParameters.SECRET_VERSION_ID + "}}"));
        }
    }

    private static final String SECRET_REFERENCE = "\\{\\{resolve:secretsmanager:"
            + "arn:aws:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[^:}]+"
            + ":SecretString:password(::[A-Za-z0-9-]{32,64})?}}";

    private static Map<String, Object> map(Object value) {
        return Template.map(value, "value");
    }

    @Test
    void timeBudgets_fitInsideTheFunctionsTimeouts() {
        Map<String, Object> parameters = SampleParameters.forStage("prod");
        long lambdaMargin = 300; // the triggers stop this long before Lambda's deadline

        Map<String, String> postConfirmation = resolvedEnvironment("PostConfirmationFunction", parameters);
        assertThat(PostConfirmationSettings.fromEnvironment(postConfirmation).publishBudget().toMillis() + lambdaMargin)
                .isLessThanOrEqualTo(timeoutMillis("PostConfirmationFunction"));

        Map<String, String> preToken = resolvedEnvironment("PreTokenGenerationFunction", parameters);
        assertThat(PreTokenGenerationSettings.fromEnvironment(preToken).databaseBudget().toMillis() + lambdaMargin)
                .isLessThanOrEqualTo(timeoutMillis("PreTokenGenerationFunction"));

        for (String function : new String[] {"UserProvisioningFunction", "OutboxRelayFunction", "ApiFunction"}) {
            DatabaseSettings database = DatabaseSettings.fromEnvironment(resolvedEnvironment(function, parameters));
            assertThat(database.statementTimeout().plus(database.connectTimeout()).toMillis())
                    .as("%s: one statement, connecting included, fits its timeout", function)
                    .isLessThan(timeoutMillis(function));
        }
        RelaySettings relay = RelaySettings.fromEnvironment(resolvedEnvironment("OutboxRelayFunction", parameters));
        assertThat(relay.runBudget().toMillis()).isLessThan(timeoutMillis("OutboxRelayFunction") - 5_000);

        DatabaseSettings migration = DatabaseSettings.fromEnvironment(resolvedEnvironment("SchemaMigrationFunction", parameters));
        // The handler answers CloudFormation 30 s before its deadline; one statement must be able to end before.
        assertThat(migration.statementTimeout().plus(Duration.ofSeconds(30)).toMillis())
                .isLessThan(timeoutMillis("SchemaMigrationFunction"));
    }

    /**
     * The functions send no SET (RDS Proxy would pin them): their server-side statement timeout is the one the
     * migration puts on their role, which must be the role they log in as and cover each one's own setting.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stagesWithAndWithoutMigrationOwner")
    void theMigrationPutsTheStatementTimeoutOnTheFunctionsRole_coveringEachFunctionsOwn(String name,
                                                                                         Map<String, Object> parameters) {
        MigrationSettings migration = MigrationSettings.fromEnvironment(resolvedEnvironment("SchemaMigrationFunction", parameters));

        for (String function : template.functions()) {
            if (function.equals("SchemaMigrationFunction") || !template.environment(function).containsKey(DatabaseSettings.URL)) {
                continue;
            }
            DatabaseSettings database = DatabaseSettings.fromEnvironment(resolvedEnvironment(function, parameters));
            assertThat(database.user()).as("%s logs in as the role the migration sets", function)
                    .isEqualTo(migration.appUser());
            assertThat(database.statementTimeout()).as("%s: its statement timeout, within the role's", function)
                    .isLessThanOrEqualTo(migration.appStatementTimeout());
        }
    }

    static Stream<Arguments> stagesWithAndWithoutMigrationOwner() {
        return Stream.of(Arguments.of("prod", SampleParameters.forStage("prod")),
                Arguments.of("prod, migration owner", SampleParameters.withMigrationOwner("prod")));
    }
}
