package io.cognitosuite.api.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.function.routes.ReadRoutes;
import io.cognitosuite.api.function.routing.ApiRequest;
import io.cognitosuite.api.function.routing.ApiResponse;
import io.cognitosuite.api.function.routing.RouteTable;
import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The handler and the read routes over fake ports: routing, the 401/403/400/404/500/503 decisions and their bodies. */
class ApiHandlerTest {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final Instant NOW = Instant.parse("2026-12-01T14:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET_INPUT = "ada.lovelace@example.com";

    private final FakeAppDatabase db = new FakeAppDatabase();
    private final AtomicReference<ApiRequest> seen = new AtomicReference<>();
    private final RouteTable routes = ReadRoutes.table(new Authorizer(db, db, POOL), db, db)
            .with("GET /test/records-request", request -> {
                seen.set(request);
                return ApiResponse.ok(Map.of());
            })
            .with("GET /test/bad-request", request -> {
                throw AccessRefusedException.badRequest("malformed_json");
            })
            .with("GET /test/unexpected", request -> {
                throw new IllegalStateException("failed on " + SECRET_INPUT);
            });
    private final ApiHandler handler = new ApiHandler(routes, CLOCK);

    @Test
    void health_is200Ok_withoutClaims_andWithoutADatabaseCall() throws Exception {
        APIGatewayV2HTTPResponse response = handle(ApiEvents.noAuthorizer(ReadRoutes.HEALTH, Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(Json.parse("{\"status\":\"ok\"}"));
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json")
                .containsEntry("Cache-Control", "no-store");
        assertThat(db.calls).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /nowhere", "POST /me", "GET /me/", "$default", "GET /workspaces/{id}/owner"})
    void anUnknownRoute_is404_inTheErrorShape_withoutADatabaseCall(String routeKey) {
        APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(routeKey, "sub-1", Map.of()));

        assertError(response, 404, "not_found");
        assertThat(db.calls).isZero();
    }

    @Test
    void anEventWithoutARouteKey_is404() {
        APIGatewayV2HTTPEvent event = ApiEvents.accessToken(ReadRoutes.ME, "sub-1", Map.of());
        event.setRouteKey(null);

        assertError(handle(event), 404, "not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {ReadRoutes.ME, ReadRoutes.WORKSPACE, ReadRoutes.WORKSPACE_MEMBERS})
    void everyCallerRoute_withoutVerifiedClaims_is401_beforeAnyDatabaseCall(String routeKey) {
        APIGatewayV2HTTPResponse response = handle(ApiEvents.noAuthorizer(routeKey,
                Map.of("id", UUID.randomUUID().toString())));

        assertError(response, 401, "unauthenticated");
        assertThat(db.calls).isZero();
    }

    @Test
    void theNoAuthorizerSample_andTheIdTokenSample_are401_andTheTokenIsInNeitherBodyNorLog() {
        try (LogCapture log = LogCapture.start()) {
            for (String sample : List.of("http-api-no-authorizer.json", "http-api-id-token.json")) {
                APIGatewayV2HTTPResponse response = handle(ApiEvents.sample(sample));

                assertError(response, 401, "unauthenticated");
                assertThat(response.getBody()).doesNotContain("eyJ");
            }
            assertThat(log.all()).contains("reason=no_verified_claims", "reason=not_an_access_token")
                    .doesNotContain("eyJ");
        }
        assertThat(db.calls).isZero();
    }

    @Test
    void me_forAnExistingUser_isTheirProfile_readInOneCall() {
        UUID id = db.existing("sub-1");

        APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(ReadRoutes.ME, "sub-1", Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("appUserId").asText()).isEqualTo(id.toString());
        assertThat(body.get("cognitoSub").asText()).isEqualTo("sub-1");
        assertThat(body.get("role").asText()).isEqualTo("user");
        assertThat(body.get("plan").asText()).isEqualTo("free");
        assertThat(body.has("email")).as("no email stored, none answered").isFalse();
        assertThat(body.get("memberships")).hasSize(1);
        assertThat(body.get("memberships").get(0).get("role").asText()).isEqualTo("owner");
        assertThat(body.get("memberships").get(0).get("personal").asBoolean()).isTrue();
        assertThat(body.get("membershipsTruncated").asBoolean()).isFalse();
        assertThat(db.calls).isEqualTo(1);
    }

    @Test
    void me_forAMissingUser_provisionsThemInTheConfiguredPool() {
        APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(ReadRoutes.ME, "sub-new", Map.of()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(db.provisioned).singleElement().satisfies(user -> {
            assertThat(user.sub()).isEqualTo("sub-new");
            assertThat(user.userPoolId()).isEqualTo(POOL);
        });
        assertThat(json(response).get("appUserId").asText()).isEqualTo(db.idOf("sub-new").toString());
    }

    @Test
    void me_isAlwaysTheCaller_whateverThePathQueryOrBodyName() {
        db.existing("sub-caller");
        UUID other = db.existing("sub-other");
        APIGatewayV2HTTPEvent event = ApiEvents.accessToken(ReadRoutes.ME, "sub-caller",
                Map.of("id", other.toString(), "sub", "sub-other"));
        event.setQueryStringParameters(Map.of("sub", "sub-other", "appUserId", other.toString()));
        event.setBody("{\"sub\":\"sub-other\",\"appUserId\":\"" + other + "\"}");
        event.getHeaders().put("x-user-id", other.toString());

        JsonNode body = json(handle(event));

        assertThat(body.get("cognitoSub").asText()).isEqualTo("sub-caller");
        assertThat(body.get("appUserId").asText()).isEqualTo(db.idOf("sub-caller").toString());
    }

    @Test
    void workspace_forAMemberOfAnyRole_isTheWorkspaceAndTheirRole() {
        UUID owner = db.existing("sub-owner");
        UUID viewer = db.existing("sub-viewer");
        UUID team = db.workspace("Team", false);
        db.member(team, owner, WorkspaceRole.OWNER);
        db.member(team, viewer, WorkspaceRole.VIEWER);

        APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(ReadRoutes.WORKSPACE, "sub-viewer",
                Map.of("id", team.toString())));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("id").asText()).isEqualTo(team.toString());
        assertThat(body.get("name").asText()).isEqualTo("Team");
        assertThat(body.get("personal").asBoolean()).isFalse();
        assertThat(body.get("createdAt").asText()).isEqualTo(FakeAppDatabase.CREATED.toString());
        assertThat(body.get("yourRole").asText()).isEqualTo("viewer");
    }

    @Test
    void workspace_forANonMember_andForAnUnknownId_isTheSame403() {
        db.existing("sub-owner");
        db.existing("sub-stranger");
        UUID ownersWorkspace = db.workspaces.keySet().iterator().next();

        APIGatewayV2HTTPResponse notMember = handle(ApiEvents.accessToken(ReadRoutes.WORKSPACE, "sub-stranger",
                Map.of("id", ownersWorkspace.toString())));
        APIGatewayV2HTTPResponse unknown = handle(ApiEvents.accessToken(ReadRoutes.WORKSPACE, "sub-stranger",
                Map.of("id", UUID.randomUUID().toString())));

        assertError(notMember, 403, "forbidden");
        assertThat(unknown.getStatusCode()).isEqualTo(notMember.getStatusCode());
        assertThat(unknown.getBody()).isEqualTo(notMember.getBody());
    }

    @Test
    void aPathIdIsNeverTheCaller_theirOwnAppUserIdAsAWorkspaceId_is403() {
        UUID caller = db.existing("sub-1");

        APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(ReadRoutes.WORKSPACE, "sub-1",
                Map.of("id", caller.toString())));

        assertError(response, 403, "forbidden");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1-2-3-4-5", "' OR 1=1 --", "", "00000000-0000-0000-0000-00000000000g"})
    void workspace_withAnIdThatIsNotAUuid_is400_withoutReadingTheWorkspace(String id) {
        db.existing("sub-1");

        APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(ReadRoutes.WORKSPACE, "sub-1",
                Map.of("id", id)));

        assertError(response, 400, "bad_request");
        assertThat(db.calls).as("identify only").isEqualTo(1);
        if (!id.isEmpty()) {
            assertThat(response.getBody()).doesNotContain(id);
        }
    }

    @Test
    void members_forAnAdminOrOwner_listsIdsAndRoles_andForAMemberOrViewer_is403() {
        UUID owner = db.existing("sub-owner");
        UUID admin = db.existing("sub-admin");
        UUID member = db.existing("sub-member");
        UUID viewer = db.existing("sub-viewer");
        UUID team = db.workspace("Team", false);
        db.member(team, owner, WorkspaceRole.OWNER);
        db.member(team, admin, WorkspaceRole.ADMIN);
        db.member(team, member, WorkspaceRole.MEMBER);
        db.member(team, viewer, WorkspaceRole.VIEWER);

        for (String sub : List.of("sub-owner", "sub-admin")) {
            APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(ReadRoutes.WORKSPACE_MEMBERS, sub,
                    Map.of("id", team.toString())));
            assertThat(response.getStatusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("workspaceId").asText()).isEqualTo(team.toString());
            assertThat(body.get("members")).extracting(m -> m.get("role").asText())
                    .containsExactly("owner", "admin", "member", "viewer");
            assertThat(body.get("members").get(0).get("appUserId").asText()).isEqualTo(owner.toString());
            assertThat(body.get("members").get(0).fieldNames()).toIterable()
                    .containsExactly("appUserId", "role", "memberSince");
            assertThat(body.get("truncated").asBoolean()).isFalse();
        }
        for (String sub : List.of("sub-member", "sub-viewer", "sub-stranger")) {
            db.users.computeIfAbsent(sub, k -> new AppUserStanding(UUID.randomUUID(),
                    "user", "free"));
            assertError(handle(ApiEvents.accessToken(ReadRoutes.WORKSPACE_MEMBERS, sub,
                    Map.of("id", team.toString()))), 403, "forbidden");
        }
    }

    @Test
    void aDatabaseThatIsDown_is503_withTheFixedBody_andOneErrorLineNamingTheReasonOnly() {
        db.failWith = () -> new DatabaseUnavailableException("connection to db-host.internal:5432 refused for "
                + SECRET_INPUT, "08001", null);

        try (LogCapture log = LogCapture.start()) {
            APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(ReadRoutes.ME, "sub-1", Map.of()));

            assertError(response, 503, "unavailable");
            assertThat(response.getBody()).doesNotContain("db-host", SECRET_INPUT, "Exception", "08001");
            List<String> errors = log.lines().stream().filter(l -> l.contains("ERROR")).toList();
            assertThat(errors).singleElement().satisfies(line -> assertThat(line)
                    .contains("status=503", "reason=" + ApiHandler.DATABASE_UNAVAILABLE, ApiEvents.REQUEST_ID)
                    .doesNotContain("db-host", SECRET_INPUT, "08001", "at io.cognitosuite"));
        }
    }

    @Test
    void anyOtherDatabaseFailure_is500_withItsOwnReason() {
        db.failWith = () -> new DataAccessException("duplicate key value (cognito_sub)=(" + SECRET_INPUT + ")",
                "23505", false, null);

        try (LogCapture log = LogCapture.start()) {
            APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken(ReadRoutes.ME, "sub-1", Map.of()));

            assertError(response, 500, "internal");
            assertThat(log.all()).contains("reason=" + ApiHandler.DATABASE_FAILED).doesNotContain(SECRET_INPUT);
        }
    }

    @Test
    void anUnexpectedFailure_is500_withNeitherClassNorMessageInTheBody_andOneErrorLineWithoutTheMessage() {
        try (LogCapture log = LogCapture.start()) {
            APIGatewayV2HTTPResponse response = handle(ApiEvents.accessToken("GET /test/unexpected", "sub-1", Map.of()));

            assertError(response, 500, "internal");
            assertThat(response.getBody()).doesNotContain("IllegalState", "Exception", SECRET_INPUT, "at io.");
            List<String> errors = log.lines().stream().filter(l -> l.contains("ERROR")).toList();
            assertThat(errors).singleElement().satisfies(line -> assertThat(line)
                    .contains("reason=" + ApiHandler.UNEXPECTED, "java.lang.IllegalStateException")
                    .doesNotContain(SECRET_INPUT));
        }
    }

    @Test
    void aBadRequest_is400_andLogsItsReasonCode() {
        try (LogCapture log = LogCapture.start()) {
            assertError(handle(ApiEvents.accessToken("GET /test/bad-request", "sub-1", Map.of())), 400, "bad_request");
            assertThat(log.all()).contains("status=400", "reason=malformed_json");
        }
    }

    @Test
    void theDeadline_isLambdasLessTheAnswerReserve_andTheRequestIdIsTheGateways() {
        handler.handleRequest(ApiEvents.accessToken("GET /test/records-request", "sub-1", Map.of()),
                new FakeLambdaContext(ApiHandler.FUNCTION, "lambda-request-1", NOW.plusSeconds(3), CLOCK));

        assertThat(seen.get().deadline())
                .isEqualTo(Deadline.at(NOW.plusSeconds(3).minus(Reserves.API_ANSWER), CLOCK));
        assertThat(seen.get().requestId()).isEqualTo(ApiEvents.REQUEST_ID);
    }

    @Test
    void theRoutesDatabaseCalls_getTheRequestDeadline() {
        db.existing("sub-1");

        handle(ApiEvents.accessToken(ReadRoutes.ME, "sub-1", Map.of()));

        assertThat(db.lastDeadline.instant()).isEqualTo(NOW.plusSeconds(6).minus(Reserves.API_ANSWER));
    }

    @Test
    void withoutAGatewayRequestId_theErrorCarriesLambdas() {
        APIGatewayV2HTTPEvent event = ApiEvents.noAuthorizer(ReadRoutes.ME, Map.of());
        event.getRequestContext().setRequestId(null);

        APIGatewayV2HTTPResponse response = handle(event);

        assertThat(json(response).at("/error/requestId").asText()).isEqualTo("lambda-request-1");
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event,
                new FakeLambdaContext(ApiHandler.FUNCTION, "lambda-request-1", NOW.plus(Duration.ofSeconds(6)), CLOCK));
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.parse(response.getBody());
        } catch (MalformedJsonException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    private static void assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json")
                .containsEntry("Cache-Control", "no-store");
        JsonNode error = json(response).get("error");
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.fieldNames()).toIterable().containsExactly("status", "code", "message", "requestId");
    }
}
