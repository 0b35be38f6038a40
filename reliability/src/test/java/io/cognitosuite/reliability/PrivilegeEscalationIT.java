package io.cognitosuite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsEventRecords;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.testing.SqsTestClients;
import io.cognitosuite.triggers.TriggerFunctions;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Scenario 8, privilege escalation, on real PostgreSQL (and ElasticMQ for the confirmation path): nothing a user or
 * a forged event controls changes a claim or a scope. Each attack is applied to the V1, V2 and V3 sample events of a
 * provisioned user (role {@code user}, plan {@code free}), alone and all at once, and the whole {@code response}
 * must equal the one the clean event gets, which is what the database says. Values carrying SQL are stored
 * verbatim by both paths that write a user (pre-token's lazy creation, post-confirmation → consumer).
 */
class PrivilegeEscalationIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final String SUB = "0e5c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b";
    private static final String SQL = "'; DROP TABLE app_users; --";
    private static final String SQL_EMAIL = "bobby');DROP-TABLE-app_users;--@example.com";
    private static MigratedDatabase db;
    private static EmbeddedSqsServer sqsServer;
    private static SqsClient sqs;
    private static final List<Database> pools = new ArrayList<>();

    @BeforeAll
    static void start() {
        db = MigratedDatabase.create("escalation");
        new JdbcAppUsers(db.database()).provision(List.of(new NewAppUser(POOL, SUB, SUB, "pat@example.com", true, null)),
                Deadline.none(Clock.systemUTC()));
        sqsServer = EmbeddedSqsServer.start();
        sqs = SqsTestClients.client(sqsServer.endpoint());
    }

    @AfterAll
    static void stop() {
        pools.forEach(Database::close);
        sqs.close();
        sqsServer.close();
        db.close();
    }

    private static Map<String, String> environment() {
        DatabaseSettings settings = db.settings();
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, settings.jdbcUrl());
        env.put(DatabaseSettings.USER, settings.user());
        env.put(DatabaseSettings.PASSWORD, settings.password());
        env.put("ROLE_SCOPES", "admin=api/admin api/read;user=api/read");
        // Fails closed: a database failure fails the token instead of issuing one without claims, so every
        // response compared below is the database's answer.
        env.put("CLAIMS_UNAVAILABLE_POLICY", "deny");
        // The widest budgets the settings allow: on a loaded CI machine a slow call must not turn into a timeout
        // that these figures would count (or, after a send that went through, into a "failed" call with a write).
        env.put("TOKEN_DATABASE_BUDGET_MS", "4000");
        env.put("SIGN_IN_DATABASE_BUDGET_MS", "2000");
        env.put("PUBLISH_BUDGET_MS", "4500");
        return env;
    }

    private static TriggerFunctions triggers(Map<String, String> env) {
        return new TriggerFunctions(env, settings -> {
            Database pool = Database.pooled(settings);
            pools.add(pool);
            return pool;
        }, new RecordingMetrics(), Clock.systemUTC());
    }

    @Test
    void nothingTheUserOrAForgedEventControls_changesAClaimOrAScope_andSqlIsStoredVerbatim() throws Exception {
        long started = System.nanoTime();
        PreTokenGenerationHandler preToken = triggers(environment()).preTokenGeneration();
        String rowBefore = row(SUB);
        long usersBefore = db.count("SELECT count(*) FROM app_users");

        Map<String, Consumer<ObjectNode>> attacks = attacks();
        int compared = 0;
        for (String version : List.of("v1", "v2", "v3")) {
            ObjectNode clean = userEvent(version);
            JsonNode expected = invoke(preToken, clean).get("response");
            String role = version.equals("v1") ? expected.at("/claimsOverrideDetails/claimsToAddOrOverride/app_role").asText()
                    : expected.at("/claimsAndScopeOverrideDetails/accessTokenGeneration/claimsToAddOrOverride/app_role").asText();
            assertThat(role).as("the database's role").isEqualTo("user");
            if (!version.equals("v1")) {
                JsonNode access = expected.at("/claimsAndScopeOverrideDetails/accessTokenGeneration");
                assertThat(access.get("scopesToAdd").toString()).isEqualTo("[\"api/read\"]");
                assertThat(access.path("scopesToSuppress").toString()).doesNotContain("api/read");
            }
            ObjectNode everything = clean.deepCopy();
            for (Map.Entry<String, Consumer<ObjectNode>> attack : attacks.entrySet()) {
                ObjectNode event = clean.deepCopy();
                attack.getValue().accept(event);
                attack.getValue().accept(everything);
                assertThat(invoke(preToken, event).get("response")).as(version + ": " + attack.getKey()).isEqualTo(expected);
                compared++;
            }
            assertThat(invoke(preToken, everything).get("response")).as(version + ": every attack at once").isEqualTo(expected);
            compared++;
        }

        // Client credentials (V3): no user, so the response is the empty machine response whatever the event holds.
        ObjectNode machine = (ObjectNode) Json.parse(ClasspathFiles.read("events/pre-token-generation/v3-client-credentials.json"));
        JsonNode machineExpected = invoke(preToken, machine.deepCopy()).get("response");
        assertThat(machineExpected.toString())
                .isEqualTo("{\"claimsAndScopeOverrideDetails\":{\"accessTokenGeneration\":{\"claimsToAddOrOverride\":{}}}}");
        ObjectNode forgedMachine = (ObjectNode) Json.parse(
                ClasspathFiles.read("events/pre-token-generation/v3-client-credentials-forged-response.json"));
        assertThat(invoke(preToken, forgedMachine).get("response")).as("forged machine response").isEqualTo(machineExpected);
        compared++;
        for (Map.Entry<String, Consumer<ObjectNode>> attack : attacks.entrySet()) {
            ObjectNode event = forgedMachine.deepCopy();
            attack.getValue().accept(event);
            assertThat(invoke(preToken, event).get("response")).as("client credentials: " + attack.getKey())
                    .isEqualTo(machineExpected);
            compared++;
        }
        assertThat(row(SUB)).as("the provisioned user's row is untouched").isEqualTo(rowBefore);
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(usersBefore);

        // A user the database does not know yet, whose values carry SQL: pre-token creates it, verbatim, as a user.
        String lazySub = "1f2e3d4c-5b6a-4978-8a1b-2c3d4e5f6a7b";
        ObjectNode lazy = userEvent("v2");
        lazy.put("userName", SQL);
        ObjectNode lazyAttributes = (ObjectNode) lazy.path("request").path("userAttributes");
        lazyAttributes.put("sub", lazySub).put("email", SQL_EMAIL).put("custom:role", "admin' --");
        JsonNode lazyResponse = invoke(preToken, lazy).get("response");
        assertThat(lazyResponse.at("/claimsAndScopeOverrideDetails/accessTokenGeneration/claimsToAddOrOverride/app_role")
                .asText()).isEqualTo("user");
        assertThat(row(lazySub)).isEqualTo(SQL + "|" + SQL_EMAIL + "|user|free");

        // Post-confirmation → queue → consumer: the same values round-trip verbatim, and custom:role is not read.
        String confirmedSub = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";
        String confirmedName = "x" + SQL + "\"); DELETE FROM workspaces; --";
        String confirmedEmail = "o'reilly'--" + SQL_EMAIL;
        roundTripThroughTheConsumer(confirmedSub, confirmedName, confirmedEmail);
        assertThat(row(confirmedSub)).isEqualTo(confirmedName + "|" + confirmedEmail + "|user|free");
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(usersBefore + 2);
        assertThat(db.count("SELECT count(*) FROM app_users WHERE role <> 'user'")).isZero();
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE personal")).isEqualTo(usersBefore + 2);

        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "[reliability] escalation: %d attacks × V1/V2/V3 user events and V3 client "
                        + "credentials, %d responses compared with the clean event's, 0 claim or scope changes, 0 rows "
                        + "changed by an attack, 2 users with SQL in their values stored verbatim (pre-token lazy creation, "
                        + "post-confirmation → consumer), %.2f s%n", attacks.size(), compared, seconds);
    }

    /** Each attack edits an event in place; applied alone and all together. */
    private static Map<String, Consumer<ObjectNode>> attacks() {
        Map<String, Consumer<ObjectNode>> attacks = new LinkedHashMap<>();
        attacks.put("custom:role=admin", e -> attributes(e).put("custom:role", "admin"));
        attacks.put("other custom:* attributes", e -> attributes(e).put("custom:plan", "enterprise")
                .put("custom:app_role", "admin").put("custom:workspaces", "*").put("custom:scopes", "api/admin")
                .put("custom:app_user_id", "00000000-0000-4000-8000-000000000000"));
        attacks.put("attributes named like claims", e -> attributes(e).put("app_role", "admin").put("app_plan", "enterprise")
                .put("cognito:groups", "admin").put("scope", "api/admin"));
        attacks.put("clientMetadata", e -> ((ObjectNode) e.path("request")).putObject("clientMetadata")
                .put("role", "admin").put("app_role", "admin").put("scopes", "api/admin").put("plan", "enterprise"));
        attacks.put("forged groupConfiguration", e -> {
            ObjectNode groups = ((ObjectNode) e.path("request")).putObject("groupConfiguration");
            groups.putArray("groupsToOverride").add("admin").add("app-admins");
            groups.putArray("iamRolesToOverride").add("arn:aws:iam::123456789012:role/admin");
            groups.put("preferredRole", "arn:aws:iam::123456789012:role/admin");
        });
        attacks.put("requested api/admin scope", e -> ((ObjectNode) e.path("request")).putArray("scopes")
                .add("openid").add("api/admin"));
        attacks.put("pre-filled response", e -> {
            ObjectNode response = e.putObject("response");
            ObjectNode v1 = response.putObject("claimsOverrideDetails");
            v1.putObject("claimsToAddOrOverride").put("app_role", "admin").put("app_plan", "enterprise");
            v1.putObject("groupOverrideDetails").putArray("groupsToOverride").add("admin");
            ObjectNode v2 = response.putObject("claimsAndScopeOverrideDetails");
            v2.putObject("idTokenGeneration").putObject("claimsToAddOrOverride").put("app_role", "admin");
            ObjectNode access = v2.putObject("accessTokenGeneration");
            access.putObject("claimsToAddOrOverride").put("app_role", "admin").put("sub", "forged");
            access.putArray("scopesToAdd").add("api/admin");
            v2.putObject("groupOverrideDetails").putArray("groupsToOverride").add("admin");
        });
        attacks.put("SQL in attributes and metadata", e -> {
            attributes(e).put("custom:role", "admin'; UPDATE app_users SET role = 'admin'; --").put("name", SQL)
                    .put("custom:plan", "x' OR '1'='1");
            ((ObjectNode) e.path("request")).putObject("clientMetadata").put("role", SQL);
        });
        return attacks;
    }

    private static ObjectNode attributes(ObjectNode event) {
        JsonNode request = event.path("request");
        if (!request.path("userAttributes").isObject()) {
            ((ObjectNode) request).putObject("userAttributes");
        }
        return (ObjectNode) request.path("userAttributes");
    }

    private static ObjectNode userEvent(String version) throws Exception {
        String text = ClasspathFiles.read("events/pre-token-generation/" + version + "-authentication.json");
        ObjectNode event = (ObjectNode) Json.parse(text.replace("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", SUB));
        event.put("userPoolId", POOL);
        return event;
    }

    private static JsonNode invoke(PreTokenGenerationHandler handler, ObjectNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
                FakeLambdaContext.cognitoTrigger(PreTokenGenerationHandler.FUNCTION));
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static void roundTripThroughTheConsumer(String sub, String userName, String email) throws Exception {
        String queueUrl = SqsQueues.createWithDeadLetterQueue(sqs, "escalation-user-confirmed", 3, 5).queueUrl();
        Map<String, String> env = environment();
        env.put("USER_CONFIRMED_QUEUE_URL", queueUrl);
        PostConfirmationHandler postConfirmation = triggers(env).postConfirmation(sqs);
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json"));
        event.put("userName", userName).put("userPoolId", POOL);
        ObjectNode attributes = attributes(event);
        attributes.put("sub", sub).put("email", email).put("custom:role", "admin").put("name", SQL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        postConfirmation.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
                FakeLambdaContext.cognitoTrigger(PostConfirmationHandler.FUNCTION));

        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageSystemAttributeNamesWithStrings("All")).messages();
        assertThat(messages).hasSize(1);
        Map<String, String> consumerEnv = environment();
        consumerEnv.put("RELAY_AFTER_BATCH_BUDGET_MS", "0");
        ConsumerConnections connections = new ConsumerConnections(settings -> {
            Database pool = Database.pooled(settings);
            pools.add(pool);
            return pool;
        }, () -> sqs, (bus, source, attempts) -> {
            throw new IllegalStateException("no relay in this scenario");
        }, new RecordingMetrics());
        SQSBatchResponse response = ConsumerComponents.userProvisioning(consumerEnv, connections, Clock.systemUTC())
                .process(SqsEventRecords.fromMessages(messages),
                        new FakeLambdaContext(ConsumerComponents.USER_PROVISIONING, Duration.ofSeconds(30)));
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    /** username|email|role|plan of one user, read with bound parameters. */
    private static String row(String sub) {
        return db.database().withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT username, email, role, billing_plan FROM app_users WHERE cognito_sub = ?")) {
                s.setString(1, sub);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("a row for the sub").isTrue();
                    return rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4);
                }
            }
        });
    }
}
