package io.cognitosuite.triggers.pretoken;

import static io.cognitosuite.triggers.pretoken.PreTokenFixtures.LIN;
import static io.cognitosuite.triggers.pretoken.PreTokenFixtures.MO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.CountingDataSource;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every sample event of every version and trigger source, against real PostgreSQL. */
class PreTokenGenerationHandlerIT {
    static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJlLWxlYWs";
    static final String EMAIL = "leak.value@example.com";
    private static final String EMPTY_MACHINE_RESPONSE =
            "{\"claimsAndScopeOverrideDetails\":{\"accessTokenGeneration\":{\"claimsToAddOrOverride\":{}}}}";
    private static MigratedDatabase db;
    private static CountingDataSource counting;
    private static PreTokenGenerationHandler handler;
    private static RecordingMetrics metrics;

    @BeforeAll
    static void start() {
        db = MigratedDatabase.create("pre_token");
        PreTokenFixtures.seed(db.database());
        counting = new CountingDataSource(db.database().dataSource());
        metrics = new RecordingMetrics();
        handler = PreTokenFixtures.handler(Database.over(counting), ClaimsUnavailablePolicy.OMIT, metrics);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void resetCount() {
        counting.reset();
    }

    static Stream<String> userEvents() {
        List<String> names = ClasspathFiles.list("events/pre-token-generation").stream()
                .filter(n -> !n.contains("client-credentials") && !n.contains("unknown-user")).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(17);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("userEvents")
    void everyUserEvent_getsTheDatabaseClaims_inOneStatement(String file) throws Exception {
        String event = PreTokenFixtures.event(file);
        JsonNode input = Json.parse(event);

        JsonNode output = PreTokenFixtures.invoke(handler, event);

        assertThat(counting.statements()).as("statements for " + file).isEqualTo(1);
        assertThat(output.get("request")).as("request returned unchanged").isEqualTo(input.get("request"));
        assertThat(output.get("triggerSource")).isEqualTo(input.get("triggerSource"));
        boolean lin = input.at("/request/userAttributes/sub").asText().equals(LIN);
        String role = "user";
        String plan = lin ? "pro" : "free";
        if (expectsV1Shape(input)) {
            JsonNode details = output.at("/response/claimsOverrideDetails");
            JsonNode claims = details.get("claimsToAddOrOverride");
            assertThat(claims.get("app_role").asText()).isEqualTo(role);
            assertThat(claims.get("app_plan").asText()).isEqualTo(plan);
            assertThat(claims.get("app_user_id").asText()).hasSize(36);
            assertThat(claims.get("app_workspaces").isTextual()).isTrue();
            assertThat(claims.get("app_workspaces").asText().split(" ")).hasSize(lin ? 3 : 2);
            assertThat(details.has("groupOverrideDetails")).as("groups are left to Cognito").isFalse();
            assertThat(details.has("claimsToSuppress")).isFalse();
        } else {
            JsonNode details = output.at("/response/claimsAndScopeOverrideDetails");
            JsonNode id = details.at("/idTokenGeneration/claimsToAddOrOverride");
            JsonNode access = details.at("/accessTokenGeneration/claimsToAddOrOverride");
            assertThat(id.get("app_role").asText()).isEqualTo(role);
            assertThat(id.get("app_plan").asText()).isEqualTo(plan);
            assertThat(id.has("app_workspaces")).isFalse();
            assertThat(access.get("app_user_id")).isEqualTo(id.get("app_user_id"));
            assertThat(access.get("app_workspaces").isObject()).isTrue();
            assertThat(access.get("app_workspaces").size()).isEqualTo(lin ? 3 : 2);
            if (lin) {
                assertThat(access.get("app_workspaces").toString()).contains("\"owner\"").contains("\"viewer\"");
            }
            assertThat(details.at("/accessTokenGeneration/scopesToAdd").toString()).isEqualTo("[\"api/read\"]");
            assertThat(details.has("groupOverrideDetails")).as("groups are left to Cognito").isFalse();
        }
    }

    @Test
    void userWritableAttributesAndClientMetadata_neverChangeAClaim() throws Exception {
        JsonNode output = PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v2-authentication-user-writable-attributes.json"));

        JsonNode details = output.at("/response/claimsAndScopeOverrideDetails");
        List<String> idKeys = new ArrayList<>();
        details.at("/idTokenGeneration/claimsToAddOrOverride").fieldNames().forEachRemaining(idKeys::add);
        List<String> accessKeys = new ArrayList<>();
        details.at("/accessTokenGeneration/claimsToAddOrOverride").fieldNames().forEachRemaining(accessKeys::add);
        assertThat(idKeys).containsExactly("app_user_id", "app_role", "app_plan");
        assertThat(accessKeys).containsExactly("app_user_id", "app_role", "app_plan", "app_workspaces");
        assertThat(details.fieldNames()).toIterable().containsExactlyInAnyOrder("idTokenGeneration", "accessTokenGeneration");
        assertThat(details.at("/idTokenGeneration/claimsToAddOrOverride/app_role").asText()).isEqualTo("user");
        assertThat(details.at("/accessTokenGeneration/claimsToAddOrOverride/app_role").asText()).isEqualTo("user");
        assertThat(details.at("/accessTokenGeneration/claimsToAddOrOverride/app_plan").asText()).isEqualTo("pro");
        assertThat(details.at("/accessTokenGeneration/scopesToAdd").toString()).doesNotContain("api/admin");
        assertThat(details.at("/accessTokenGeneration/claimsToAddOrOverride/app_workspaces").toString()).doesNotContain("*");
    }

    @Test
    void clientCredentials_getsNoUserClaims_andNoDatabaseCall() throws Exception {
        String event = PreTokenFixtures.event("v3-client-credentials.json");

        JsonNode output = PreTokenFixtures.invoke(handler, event);

        // Point 12 of issue 9: the response is built (empty, validated), no longer the event echoed back.
        ObjectNode expected = (ObjectNode) Json.parse(event);
        expected.set("response", Json.parse(EMPTY_MACHINE_RESPONSE));
        assertThat(output).isEqualTo(expected);
        assertThat(counting.statements()).isZero();
    }

    @Test
    void clientCredentials_withAForgedResponse_getsTheEmptyResponseInstead() throws Exception {
        String event = PreTokenFixtures.event("v3-client-credentials-forged-response.json");

        JsonNode output = PreTokenFixtures.invoke(handler, event);

        assertThat(output.get("response")).isEqualTo(Json.parse(EMPTY_MACHINE_RESPONSE));
        assertThat(output.get("request")).isEqualTo(Json.parse(event).get("request"));
        assertThat(output.get("response").toString()).doesNotContain("admin").doesNotContain("forged")
                .doesNotContain("groupOverrideDetails");
        assertThat(counting.statements()).isZero();
    }

    @Test
    void userToken_withAForgedResponse_getsOnlyTheDatabaseClaims() throws Exception {
        JsonNode output = PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v2-authentication-forged-response.json"));

        JsonNode details = output.at("/response/claimsAndScopeOverrideDetails");
        assertThat(details.fieldNames()).toIterable().containsExactlyInAnyOrder("idTokenGeneration", "accessTokenGeneration");
        assertThat(details.at("/idTokenGeneration").fieldNames()).toIterable().containsExactly("claimsToAddOrOverride");
        assertThat(details.at("/idTokenGeneration/claimsToAddOrOverride/app_role").asText()).isEqualTo("user");
        assertThat(details.at("/accessTokenGeneration/claimsToAddOrOverride/app_role").asText()).isEqualTo("user");
        assertThat(details.at("/accessTokenGeneration/claimsToAddOrOverride").has("sub")).isFalse();
        assertThat(details.at("/accessTokenGeneration/scopesToAdd").toString()).isEqualTo("[\"api/read\"]");
        assertThat(details.at("/accessTokenGeneration/scopesToSuppress").toString()).isEqualTo("[\"api/admin\"]");
    }

    @Test
    void userRole_requestingTheAdminScope_getsItSuppressed() throws Exception {
        String event = PreTokenFixtures.event("v2-hosted-auth-requests-admin-scope.json");
        assertThat(Json.parse(event).at("/request/scopes").toString()).contains("api/admin");

        JsonNode output = PreTokenFixtures.invoke(handler, event);

        JsonNode access = output.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration");
        assertThat(access.at("/claimsToAddOrOverride/app_role").asText()).isEqualTo("user");
        assertThat(access.get("scopesToSuppress").toString()).isEqualTo("[\"api/admin\"]");
        assertThat(access.get("scopesToAdd").toString()).isEqualTo("[\"api/read\"]");
    }

    @Test
    void cognitoLocalVersion0_isReadByItsShape_asV1_withAWarning() throws Exception {
        String event = PreTokenFixtures.event("v0-cognito-local.json");
        JsonNode output;
        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            output = PreTokenFixtures.invoke(handler, event);
            lines = logs.lines();
        }

        assertThat(output.get("response").fieldNames()).toIterable().containsExactly("claimsOverrideDetails");
        JsonNode details = output.at("/response/claimsOverrideDetails");
        assertThat(details.fieldNames()).toIterable().containsExactly("claimsToAddOrOverride");
        assertThat(details.at("/claimsToAddOrOverride/app_role").asText()).isEqualTo("user");
        assertThat(details.at("/claimsToAddOrOverride/app_plan").asText()).isEqualTo("pro");
        assertThat(lines).anySatisfy(line -> {
            JsonNode json = json(line);
            assertThat(json.get("level").asText()).isEqualTo("WARN");
            assertThat(json.get("message").asText()).contains(TokenEventVersion.UNDOCUMENTED_VERSION);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {JWT, EMAIL})
    void untrustedVersion_neverReachesTheLog_andTheTokenIsIssued(String version) throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(PreTokenFixtures.event("v2-authentication.json"));
        event.put("version", version);
        JsonNode output;
        String log;
        try (LogCapture logs = LogCapture.start()) {
            output = PreTokenFixtures.invoke(handler, event.toString());
            log = logs.all();
        }

        assertThat(output.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration/claimsToAddOrOverride/app_role")
                .asText()).as("read as V2 from its scopes").isEqualTo("user");
        assertThat(log).contains(TokenEventVersion.UNDOCUMENTED_VERSION).doesNotContain(version)
                .doesNotContain(version.substring(0, 12));
    }

    @ParameterizedTest
    @ValueSource(strings = {JWT, EMAIL})
    void untrustedTriggerSource_failsWithTheFixedSentence_andNeverReachesTheLog(String source) throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(PreTokenFixtures.event("v2-authentication.json"));
        event.put("triggerSource", source);
        String log;
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> PreTokenFixtures.invoke(handler, event.toString()))
                    .isInstanceOf(TriggerFailedException.class)
                    .hasMessage(TriggerFailedException.INVALID_REQUEST);
            log = logs.all();
        }

        assertThat(log).contains("not a pre-token generation trigger source").doesNotContain(source)
                .doesNotContain(source.substring(0, 12));
        assertThat(metrics.last().dimensions()).containsEntry("TriggerSource", "unknown");
    }

    private static JsonNode json(String line) {
        try {
            return Json.parse(line);
        } catch (Exception e) {
            throw new AssertionError("log line is not JSON: " + line, e);
        }
    }

    /** V1 when the event says 1, or says nothing Cognito documents and has no {@code request.scopes}. */
    private static boolean expectsV1Shape(JsonNode input) {
        String version = input.path("version").asText();
        return version.equals("1")
                || (!version.equals("2") && !version.equals("3") && !input.at("/request/scopes").isArray());
    }

    @Test
    void unknownUser_isCreatedOnce_thenGetsDefaultClaims() throws Exception {
        String event = PreTokenFixtures.event("v2-authentication-unknown-user.json");
        String sub = Json.parse(event).at("/request/userAttributes/sub").asText();

        JsonNode first = PreTokenFixtures.invoke(handler, event);
        counting.reset();
        JsonNode second = PreTokenFixtures.invoke(handler, event);

        JsonNode access = first.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration/claimsToAddOrOverride");
        assertThat(access.get("app_role").asText()).isEqualTo("user");
        assertThat(access.get("app_plan").asText()).isEqualTo("free");
        assertThat(access.get("app_workspaces").size()).as("the personal workspace").isEqualTo(1);
        assertThat(second.at("/response")).isEqualTo(first.at("/response"));
        assertThat(counting.statements()).as("the second token needs one statement").isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = '" + sub + "'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspaces w JOIN app_users u ON u.id = w.owner_user_id "
                + "WHERE u.cognito_sub = '" + sub + "' AND w.personal")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_events e JOIN app_users u ON u.id = e.aggregate_id "
                + "WHERE u.cognito_sub = '" + sub + "'")).isEqualTo(1);
        assertThat(metrics.published()).anySatisfy(m -> assertThat(m.counts()).containsEntry("UsersCreatedLazily", 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"user name of 200 KB", "email with a NUL character", "sub of 129 characters"})
    void unknownUser_whoseValuesTheProvisioningRulesRefuse_isNotCreated_andTheRequestFailsWithTheFixedSentence(
            String kind) throws Exception {
        // The lazy path stores what the consumer stores, so it applies the same field rules (user.confirmed's).
        ObjectNode event = (ObjectNode) Json.parse(PreTokenFixtures.event("v2-authentication-unknown-user.json"));
        ObjectNode attributes = (ObjectNode) event.at("/request/userAttributes");
        switch (kind) {
            case "user name of 200 KB" -> event.put("userName", "u".repeat(200 * 1024));
            case "email with a NUL character" -> attributes.put("email", "bad\u0000@example.com");
            default -> attributes.put("sub", "s".repeat(129));
        }
        long usersBefore = db.count("SELECT count(*) FROM app_users");
        String log;
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> PreTokenFixtures.invoke(handler, event.toString()))
                    .isInstanceOf(TriggerFailedException.class)
                    .hasMessage(TriggerFailedException.INVALID_REQUEST);
            log = logs.all();
        }

        assertThat(db.count("SELECT count(*) FROM app_users")).as("nothing written").isEqualTo(usersBefore);
        assertThat(log).doesNotContain("uuuuuuuuuu").doesNotContain("bad\u0000").doesNotContain("Failing row");
    }

    /** A sub no {@code app_users} row may hold; the email in it stands for anything the log must not get. */
    static Stream<Arguments> subsNoRowMayHold() {
        return Stream.of(
                Arguments.of("sub of 200 KB holding an email", TextNode.valueOf(EMAIL + "s".repeat(200 * 1024))),
                Arguments.of("sub as an object holding an email", Json.mapper().createObjectNode().put("email", EMAIL)),
                Arguments.of("sub as an array holding an email", Json.mapper().createArrayNode().add(EMAIL)),
                Arguments.of("sub as a number", Json.mapper().getNodeFactory().numberNode(4815162342L)),
                Arguments.of("sub with a NUL character", TextNode.valueOf(EMAIL + "\u0000")));
    }

    // Point 3 of the review: a non-string sub was turned into text and stored as cognito_sub, and a sub of any
    // length was queried and, on the omit and deny paths, logged. Both handlers must refuse it the same way: the
    // usual one, and one whose database budget is already spent, so that it would take the omit path.
    @ParameterizedTest(name = "{0}")
    @MethodSource("subsNoRowMayHold")
    void subNoRowMayHold_failsWithTheFixedSentence_beforeAnyQuery_andNeverReachesTheLog(String kind, JsonNode sub)
            throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(PreTokenFixtures.event("v2-authentication-unknown-user.json"));
        ((ObjectNode) event.at("/request/userAttributes")).set("sub", sub);
        long usersBefore = db.count("SELECT count(*) FROM app_users");
        PreTokenGenerationHandler noTimeLeft = PreTokenFixtures.handler(Database.over(counting), ClaimsUnavailablePolicy.OMIT,
                new RecordingMetrics(), Duration.ZERO);
        counting.reset();

        for (PreTokenGenerationHandler each : List.of(handler, noTimeLeft)) {
            String log;
            try (LogCapture logs = LogCapture.start()) {
                assertThatThrownBy(() -> PreTokenFixtures.invoke(each, event.toString()))
                        .isInstanceOf(TriggerFailedException.class)
                        .hasMessage(TriggerFailedException.INVALID_REQUEST);
                log = logs.all();
            }
            assertThat(log).contains("rejected a malformed event: sub ").doesNotContain(EMAIL).doesNotContain("ssssssssss")
                    .doesNotContain("4815162342");
        }

        assertThat(counting.statements()).as("no query").isZero();
        assertThat(db.count("SELECT count(*) FROM app_users")).as("nothing written").isEqualTo(usersBefore);
    }

    @Test
    void userInHundredsOfWorkspaces_getsABoundedDeterministicList_andATruncationClaim() throws Exception {
        String sub = PreTokenFixtures.randomSub();
        String event = PreTokenFixtures.withSub(PreTokenFixtures.event("v2-authentication.json"), sub);
        PreTokenFixtures.invoke(handler, event); // creates the user
        PreTokenFixtures.addMemberships(db.database(), sub, 300);
        counting.reset();

        JsonNode first = PreTokenFixtures.invoke(handler, event);
        JsonNode second = PreTokenFixtures.invoke(handler, event);
        JsonNode v1 = PreTokenFixtures.invoke(handler, PreTokenFixtures.withSub(PreTokenFixtures.event("v1-authentication.json"), sub));

        assertThat(counting.statements()).isEqualTo(3);
        JsonNode access = first.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration/claimsToAddOrOverride");
        assertThat(access.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(access.get("app_workspaces_truncated").asBoolean()).isTrue();
        assertThat(access.get("app_workspaces").size()).isBetween(30, 60);
        List<String> ids = new ArrayList<>();
        Iterator<String> names = access.get("app_workspaces").fieldNames();
        names.forEachRemaining(ids::add);
        assertThat(access.get("app_workspaces").get(ids.get(0)).asText()).as("owned workspaces first").isEqualTo("owner");
        assertThat(second.at("/response")).isEqualTo(first.at("/response"));
        JsonNode v1Claims = v1.at("/response/claimsOverrideDetails/claimsToAddOrOverride");
        assertThat(v1Claims.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(v1Claims.get("app_workspaces_truncated").asText()).isEqualTo("true");
    }

    @Test
    void federatedUser_keepsItsGroups() throws Exception {
        String event = PreTokenFixtures.event("v2-hosted-auth-federated-with-groups.json");

        JsonNode output = PreTokenFixtures.invoke(handler, event);

        assertThat(output.at("/request/groupConfiguration")).isEqualTo(Json.parse(event).at("/request/groupConfiguration"));
        assertThat(output.at("/response/claimsAndScopeOverrideDetails").has("groupOverrideDetails")).isFalse();
        assertThat(output.at("/request/userAttributes/sub").asText()).isEqualTo(MO);
    }
}
