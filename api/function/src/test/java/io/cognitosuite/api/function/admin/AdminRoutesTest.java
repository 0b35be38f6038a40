package io.cognitosuite.api.function.admin;

import io.cognitosuite.api.function.routing.ApiResponse;
import static io.cognitosuite.api.function.admin.AdminFakes.NONE;
import static io.cognitosuite.api.function.admin.AdminFakes.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.access.Caller;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.core.domain.AdminAction;
import io.cognitosuite.core.domain.InvitedUser;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.port.InvitationRefusedException;
import io.cognitosuite.core.port.UserAlreadyExistsException;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.testing.LogCapture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminRoutesTest {
    private static final String REQUEST = "JKJaXmPLvHcESHA=";
    private final AdminFakes fakes = new AdminFakes();
    private final AdminRoutes routes = new AdminRoutes(fakes.authorizer, fakes, fakes, POOL);

    // ---- PUT /admin/users/{sub}/role

    @Test
    void changeRole_byAnAdminWithTheScope_changesTheTarget_andAnswersBeforeAndAfter() throws Exception {
        Caller admin = fakes.admin();
        String target = fakes.existing("user", "free");

        ApiResponse answer = routes.changeRole(admin, target, "{\"role\":\"admin\",\"plan\":\"pro\"}", REQUEST, NONE);

        JsonNode body = Json.parse(answer.body());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("Content-Type", "application/json").containsEntry("Cache-Control", "no-store");
        assertThat(body.get("cognitoSub").textValue()).isEqualTo(target);
        assertThat(body.get("role").textValue()).isEqualTo("admin");
        assertThat(body.get("plan").textValue()).isEqualTo("pro");
        assertThat(body.get("previousRole").textValue()).isEqualTo("user");
        assertThat(body.get("previousPlan").textValue()).isEqualTo("free");
        assertThat(body.get("changed").booleanValue()).isTrue();
        assertThat(body.get("auditId").isTextual()).isTrue();
        assertThat(fakes.users.get(target).role()).isEqualTo("admin");
    }

    @Test
    void changeRole_toTheValuesTheUserHas_is200Unchanged_andWritesNothing() throws Exception {
        String target = fakes.existing("admin", "pro");

        JsonNode body = Json.parse(routes.changeRole(fakes.admin(), target, "{\"role\":\"admin\",\"plan\":\"pro\"}",
                REQUEST, NONE).body());

        assertThat(body.get("changed").booleanValue()).isFalse();
        assertThat(body.get("auditId").isNull()).isTrue();
        assertThat(fakes.writes).isZero();
    }

    @Test
    void changeRole_retried_changesOnce() throws Exception {
        Caller admin = fakes.admin();
        String target = fakes.existing("user", "free");

        routes.changeRole(admin, target, "{\"role\":\"admin\"}", REQUEST, NONE);
        JsonNode retry = Json.parse(routes.changeRole(admin, target, "{\"role\":\"admin\"}", REQUEST, NONE).body());

        assertThat(retry.get("changed").booleanValue()).isFalse();
        assertThat(fakes.writes).isEqualTo(1);
    }

    @Test
    void changeRole_theActorIsTheCaller_neverThePathsSub_andTheRequestIdIsKeptOnlyIfShapedLikeOne() throws Exception {
        Caller admin = fakes.admin();
        String target = fakes.existing("user", "free");

        routes.changeRole(admin, target, "{\"plan\":\"pro\"}", "req id; DROP TABLE", NONE);

        AdminAction action = fakes.actions.get(0);
        assertThat(action.actorAppUserId()).isEqualTo(admin.appUserId()).isNotEqualTo(fakes.users.get(target).appUserId());
        assertThat(action.actorSub()).isEqualTo(admin.context().cognitoSub()).isNotEqualTo(target);
        assertThat(action.requestId()).isEqualTo("unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"role\":\"admin\",\"actorAppUserId\":\"0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f\"}",
            "{\"role\":\"admin\",\"sub\":\"0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f\"}",
            "{\"role\":\"admin\",\"appUserId\":\"0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f\"}"})
    void changeRole_aBodyThatNamesAnyone_is400_andNobodyIsTheActorButTheCaller(String body) throws Exception {
        Caller admin = fakes.admin();
        String target = fakes.existing("user", "free");

        assertRefused(() -> routes.changeRole(admin, target, body, REQUEST, NONE), ApiErrorKind.BAD_REQUEST,
                AdminReasons.UNKNOWN_FIELD);
        assertThat(fakes.actions).isEmpty();
    }

    static Stream<Arguments> malformedRoleChanges() {
        return Stream.of(
                Arguments.of(null, AdminReasons.NO_BODY),
                Arguments.of("", AdminReasons.NO_BODY),
                Arguments.of("  \n", AdminReasons.NO_BODY),
                Arguments.of("{\"role\":\"" + "a".repeat(AdminRequests.MAX_BODY_CHARS) + "\"}", AdminReasons.BODY_TOO_LARGE),
                Arguments.of("{\"role\":\"admin\"", AdminReasons.MALFORMED_JSON),
                Arguments.of("{role:\"admin\"}", AdminReasons.MALFORMED_JSON),
                Arguments.of("{\"role\":\"admin\"} {}", AdminReasons.MALFORMED_JSON),
                Arguments.of("{\"role\":\"user\",\"role\":\"admin\"}", AdminReasons.MALFORMED_JSON),
                Arguments.of("[\"admin\"]", AdminReasons.NOT_A_JSON_OBJECT),
                Arguments.of("\"admin\"", AdminReasons.NOT_A_JSON_OBJECT),
                Arguments.of("null", AdminReasons.NOT_A_JSON_OBJECT),
                Arguments.of("{}", AdminReasons.NOTHING_TO_CHANGE),
                Arguments.of("{\"rol\":\"admin\"}", AdminReasons.UNKNOWN_FIELD),
                Arguments.of("{\"role\":\"admin\",\"email\":\"ada@example.com\"}", AdminReasons.UNKNOWN_FIELD),
                Arguments.of("{\"role\":1}", AdminReasons.WRONG_TYPE),
                Arguments.of("{\"role\":null}", AdminReasons.WRONG_TYPE),
                Arguments.of("{\"role\":true}", AdminReasons.WRONG_TYPE),
                Arguments.of("{\"role\":[\"admin\"]}", AdminReasons.WRONG_TYPE),
                Arguments.of("{\"plan\":{\"name\":\"pro\"}}", AdminReasons.WRONG_TYPE),
                Arguments.of("{\"role\":\"superuser\"}", AdminReasons.ROLE_NOT_ALLOWED),
                Arguments.of("{\"role\":\"Admin\"}", AdminReasons.ROLE_NOT_ALLOWED),
                Arguments.of("{\"role\":\" admin\"}", AdminReasons.ROLE_NOT_ALLOWED),
                Arguments.of("{\"role\":\"\"}", AdminReasons.ROLE_NOT_ALLOWED),
                Arguments.of("{\"plan\":\"enterprise\"}", AdminReasons.PLAN_NOT_ALLOWED),
                Arguments.of("{\"role\":\"admin\",\"plan\":\"PRO\"}", AdminReasons.PLAN_NOT_ALLOWED));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("malformedRoleChanges")
    void changeRole_aMalformedBody_is400WithItsReason_andNothingIsReadOrWritten(String body, String reason)
            throws Exception {
        Caller admin = fakes.admin();
        String target = fakes.existing("user", "free");

        assertRefused(() -> routes.changeRole(admin, target, body, REQUEST, NONE), ApiErrorKind.BAD_REQUEST, reason);
        assertThat(fakes.actions).isEmpty();
        assertThat(fakes.users.get(target).role()).isEqualTo("user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-sub", "1-2-3-4-5", "7C2A5F1E-3B4D-4E6F-8A9B-0C1D2E3F4A5B",
            "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5", "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b0", " 7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b",
            "7c2a5f1e3b4d4e6f8a9b0c1d2e3f4a5b", "{7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b}", "..%2Fme", "g7c2a5f1-3b4d-4e6f-8a9b-0c1d2e3f4a5b"})
    void changeRole_aPathSubThatIsNotSubShaped_is400_andNothingIsRead(String sub) throws Exception {
        Caller admin = fakes.admin();

        assertRefused(() -> routes.changeRole(admin, sub, "{\"role\":\"admin\"}", REQUEST, NONE),
                ApiErrorKind.BAD_REQUEST, AdminReasons.NOT_A_SUB);
        assertRefused(() -> routes.changeRole(admin, null, "{\"role\":\"admin\"}", REQUEST, NONE),
                ApiErrorKind.BAD_REQUEST, AdminReasons.NOT_A_SUB);
        assertThat(fakes.actions).isEmpty();
    }

    @Test
    void changeRole_ofAnUnknownSub_is404() throws Exception {
        assertRefused(() -> routes.changeRole(fakes.admin(), AdminFakes.newSub(), "{\"role\":\"admin\"}", REQUEST, NONE),
                ApiErrorKind.NOT_FOUND, AdminReasons.NO_SUCH_USER);
    }

    @Test
    void changeRole_byANonAdmin_is403_evenWithTheScope_andBeforeTheBodyIsRead() throws Exception {
        Caller user = fakes.caller("user", List.of("api/read", "api/admin"));
        String target = fakes.existing("user", "free");

        assertRefused(() -> routes.changeRole(user, target, "{\"role\":\"admin\"}", REQUEST, NONE),
                ApiErrorKind.FORBIDDEN, "not_an_app_admin");
        assertRefused(() -> routes.changeRole(user, "not-a-sub", "not json", REQUEST, NONE),
                ApiErrorKind.FORBIDDEN, "not_an_app_admin");
        assertThat(fakes.actions).isEmpty();
    }

    @Test
    void changeRole_byAnAdminWithoutTheAdminScope_is403() throws Exception {
        Caller admin = fakes.caller("admin", List.of("api/read"));
        String target = fakes.existing("user", "free");

        assertRefused(() -> routes.changeRole(admin, target, "{\"role\":\"admin\"}", REQUEST, NONE),
                ApiErrorKind.FORBIDDEN, "missing_scope");
        assertThat(fakes.actions).isEmpty();
    }

    @Test
    void changeRole_ofTheCallerThemselves_is403() throws Exception {
        Caller admin = fakes.admin();

        assertRefused(() -> routes.changeRole(admin, admin.context().cognitoSub(), "{\"role\":\"user\"}", REQUEST, NONE),
                ApiErrorKind.FORBIDDEN, AdminReasons.OWN_STANDING);
        assertThat(fakes.users.get(admin.context().cognitoSub()).role()).isEqualTo("admin");
    }

    // ---- POST /admin/users

    @Test
    void invite_createsThePoolUser_thenRecordsTheAppUserWithTheInvitedStanding_201() throws Exception {
        Caller admin = fakes.admin();
        String sub = AdminFakes.newSub();
        fakes.invitation = () -> new InvitedUser(sub, sub, true);

        ApiResponse answer = routes.invite(admin, "{\"email\":\"ada@example.com\",\"role\":\"admin\"}", REQUEST, NONE);

        JsonNode body = Json.parse(answer.body());
        assertThat(answer.status()).isEqualTo(201);
        assertThat(body.get("cognitoSub").textValue()).isEqualTo(sub);
        assertThat(body.get("role").textValue()).isEqualTo("admin");
        assertThat(body.get("plan").textValue()).isEqualTo("free");
        assertThat(body.get("appUser").textValue()).isEqualTo("created");
        assertThat(body.get("emailVerified").booleanValue()).isTrue();
        assertThat(answer.body()).doesNotContain("ada@example.com");
        assertThat(fakes.invitedEmails).containsExactly("ada@example.com");
        assertThat(fakes.recorded).singleElement().satisfies(u -> {
            assertThat(u.userPoolId()).isEqualTo(POOL);
            assertThat(u.sub()).isEqualTo(sub);
            assertThat(u.email()).isEqualTo("ada@example.com");
            assertThat(u.emailVerified()).isTrue();
        });
        assertThat(fakes.actions.get(0).actorAppUserId()).isEqualTo(admin.appUserId());
    }

    @Test
    void invite_withoutRoleOrPlan_recordsTheDefaults() throws Exception {
        JsonNode body = Json.parse(routes.invite(fakes.admin(), "{\"email\":\"ada@example.com\"}", REQUEST, NONE).body());

        assertThat(body.get("role").textValue()).isEqualTo("user");
        assertThat(body.get("plan").textValue()).isEqualTo("free");
    }

    static Stream<Arguments> malformedInvitations() {
        return Stream.of(
                Arguments.of(null, AdminReasons.NO_BODY),
                Arguments.of(" ", AdminReasons.NO_BODY),
                Arguments.of("{\"email\":\"" + "a".repeat(AdminRequests.MAX_BODY_CHARS) + "@example.com\"}", AdminReasons.BODY_TOO_LARGE),
                Arguments.of("{\"email\":", AdminReasons.MALFORMED_JSON),
                Arguments.of("{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}", AdminReasons.MALFORMED_JSON),
                Arguments.of("[]", AdminReasons.NOT_A_JSON_OBJECT),
                Arguments.of("{}", AdminReasons.NO_EMAIL),
                Arguments.of("{\"role\":\"admin\"}", AdminReasons.NO_EMAIL),
                Arguments.of("{\"email\":\"ada@example.com\",\"password\":\"x\"}", AdminReasons.UNKNOWN_FIELD),
                Arguments.of("{\"email\":\"ada@example.com\",\"email_verified\":true}", AdminReasons.UNKNOWN_FIELD),
                Arguments.of("{\"email\":null}", AdminReasons.WRONG_TYPE),
                Arguments.of("{\"email\":42}", AdminReasons.WRONG_TYPE),
                Arguments.of("{\"email\":[\"ada@example.com\"]}", AdminReasons.WRONG_TYPE),
                Arguments.of("{\"email\":\"\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"ada\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"@example.com\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"ada@\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"ada@localhost\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"ada@@example.com\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"a da@example.com\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\" ada@example.com\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"ada@example..com\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"\\\"ada\\\"@example.com\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"ada\\u0000@example.com\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"<ada@example.com>\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"" + "a".repeat(250) + "@example.com\"}", AdminReasons.NOT_AN_EMAIL),
                Arguments.of("{\"email\":\"ada@example.com\",\"role\":\"owner\"}", AdminReasons.ROLE_NOT_ALLOWED),
                Arguments.of("{\"email\":\"ada@example.com\",\"plan\":\"gold\"}", AdminReasons.PLAN_NOT_ALLOWED),
                Arguments.of("{\"email\":\"ada@example.com\",\"plan\":null}", AdminReasons.WRONG_TYPE));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("malformedInvitations")
    void invite_aMalformedBody_is400WithItsReason_andThePoolIsNeverCalled(String body, String reason) throws Exception {
        Caller admin = fakes.admin();

        assertRefused(() -> routes.invite(admin, body, REQUEST, NONE), ApiErrorKind.BAD_REQUEST, reason);
        assertThat(fakes.invitedEmails).isEmpty();
        assertThat(fakes.actions).isEmpty();
    }

    @Test
    void invite_byANonAdmin_orWithoutTheScope_is403_andThePoolIsNeverCalled() throws Exception {
        Caller user = fakes.caller("user", List.of("api/admin"));
        Caller adminWithoutScope = fakes.caller("admin", List.of("api/read"));

        assertRefused(() -> routes.invite(user, "{\"email\":\"ada@example.com\"}", REQUEST, NONE),
                ApiErrorKind.FORBIDDEN, "not_an_app_admin");
        assertRefused(() -> routes.invite(adminWithoutScope, "{\"email\":\"ada@example.com\"}", REQUEST, NONE),
                ApiErrorKind.FORBIDDEN, "missing_scope");
        assertThat(fakes.invitedEmails).isEmpty();
    }

    @Test
    void invite_ofAnExistingSignInName_is409_andNothingIsRecorded() throws Exception {
        fakes.invitation = () -> {
            throw new UserAlreadyExistsException("AdminCreateUser failed: UsernameExistsException (HTTP 400)");
        };

        assertRefused(() -> routes.invite(fakes.admin(), "{\"email\":\"ada@example.com\"}", REQUEST, NONE),
                ApiErrorKind.CONFLICT, AdminReasons.USER_EXISTS);
        assertThat(fakes.recorded).isEmpty();
    }

    @Test
    void invite_refusedByThePool_is400() throws Exception {
        fakes.invitation = () -> {
            throw new InvitationRefusedException("AdminCreateUser failed: UserLambdaValidationException (HTTP 400)");
        };

        assertRefused(() -> routes.invite(fakes.admin(), "{\"email\":\"ada@example.com\"}", REQUEST, NONE),
                ApiErrorKind.BAD_REQUEST, AdminReasons.INVITATION_REFUSED);
    }

    @Test
    void invite_whileThePoolIsThrottled_is503_andForAPermanentPoolFailure500_neitherRecording() throws Exception {
        Caller admin = fakes.admin();
        fakes.invitation = () -> {
            throw new UserPoolUnavailableException("AdminCreateUser failed: TooManyRequestsException (HTTP 400)", true);
        };
        ApiResponse throttled = routes.invite(admin, "{\"email\":\"ada@example.com\"}", REQUEST, NONE);
        fakes.invitation = () -> {
            throw new UserPoolUnavailableException("AdminCreateUser failed: AccessDeniedException (HTTP 400)", false);
        };
        ApiResponse denied = routes.invite(admin, "{\"email\":\"ada@example.com\"}", REQUEST, NONE);

        assertThat(throttled.status()).isEqualTo(503);
        assertThat(Json.parse(throttled.body()).at("/error/code").textValue()).isEqualTo("unavailable");
        assertThat(Json.parse(throttled.body()).at("/error/requestId").textValue()).isEqualTo(REQUEST);
        assertThat(denied.status()).isEqualTo(500);
        assertThat(fakes.recorded).isEmpty();
    }

    @Test
    void invite_whoseAppRecordFails_is202Pending_withTheSub_soTheAdminKnowsThePoolUserExists() throws Exception {
        String sub = AdminFakes.newSub();
        fakes.invitation = () -> new InvitedUser(sub, sub, true);
        fakes.recordingFailure = new DatabaseUnavailableException("transaction failed: timeout", "08006", null);

        ApiResponse answer = routes.invite(fakes.admin(), "{\"email\":\"ada@example.com\",\"role\":\"admin\"}", REQUEST,
                NONE);

        JsonNode body = Json.parse(answer.body());
        assertThat(answer.status()).isEqualTo(202);
        assertThat(body.get("cognitoSub").textValue()).isEqualTo(sub);
        assertThat(body.get("appUser").textValue()).isEqualTo("pending");
        assertThat(body.get("appUserId").isNull()).isTrue();
        assertThat(body.get("role").isNull()).isTrue();
        assertThat(body.get("auditId").isNull()).isTrue();
    }

    @Test
    void noLogLine_holdsTheEmail_orTheBody_whateverTheOutcome() throws Exception {
        Caller admin = fakes.admin();
        String email = "ada.lovelace@example.com";
        try (LogCapture log = LogCapture.start()) {
            routes.invite(admin, "{\"email\":\"" + email + "\"}", REQUEST, NONE);
            fakes.recordingFailure = new DatabaseUnavailableException("transaction failed: timeout", "08006", null);
            routes.invite(admin, "{\"email\":\"" + email + "\"}", REQUEST, NONE);
            fakes.invitation = () -> {
                throw new InvitationRefusedException("AdminCreateUser failed: UserLambdaValidationException (HTTP 400)");
            };
            refusedAndLogged(() -> routes.invite(admin, "{\"email\":\"" + email + "\"}", REQUEST, NONE));
            refusedAndLogged(() -> routes.invite(admin, "{\"email\":\"" + email + "\",\"role\":\"root\"}", REQUEST, NONE));
            refusedAndLogged(() -> routes.changeRole(admin, fakes.existing("user", "free"), "{\"role\":\"" + email + "\"}",
                    REQUEST, NONE));

            assertThat(log.all()).contains("invited app user", "could not be recorded", "reason=invitation_refused",
                    "reason=role_not_allowed").doesNotContain(email).doesNotContain("lovelace").doesNotContain("root");
        }
    }

    /** What the router does with a refusal: its API error, which writes the one log line. */
    private static void refusedAndLogged(Refusing call) {
        try {
            call.run();
            throw new AssertionError("not refused");
        } catch (AccessRefusedException refused) {
            refused.toApiError(REQUEST);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBadPoolId_isRefusedAtConstruction() {
        assertThatThrownBy(() -> new AdminRoutes(fakes.authorizer, fakes, fakes, "not a pool"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(Refusing call, ApiErrorKind kind, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AccessRefusedException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.reason()).isEqualTo(reason);
        });
    }

    @FunctionalInterface
    private interface Refusing {
        void run() throws Exception;
    }
}
