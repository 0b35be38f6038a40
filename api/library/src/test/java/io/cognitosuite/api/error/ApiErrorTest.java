package io.cognitosuite.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.api.auth.AuthenticationException;
import io.cognitosuite.api.auth.GatewayClaims;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiErrorTest {

    @Test
    void body_hasTheOneErrorShape() throws Exception {
        JsonNode body = Json.parse(new ApiError(ApiErrorKind.UNAUTHENTICATED, "JKJaXmPLvHcESHA=").body());

        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("error");
        JsonNode error = body.get("error");
        assertThat(error.properties()).extracting(Map.Entry::getKey)
                .containsExactly("status", "code", "message", "requestId");
        assertThat(error.get("status").intValue()).isEqualTo(401);
        assertThat(error.get("code").textValue()).isEqualTo("unauthenticated");
        assertThat(error.get("message").textValue()).isEqualTo("A valid access token is required.");
        assertThat(error.get("requestId").textValue()).isEqualTo("JKJaXmPLvHcESHA=");
    }

    @ParameterizedTest
    @EnumSource(ApiErrorKind.class)
    void everyKind_hasItsStatusCodeAndFixedSentence(ApiErrorKind kind) throws Exception {
        JsonNode error = Json.parse(new ApiError(kind, "c6af9ac6-7b61-11e6-9a41-93e8deadbeef").body()).get("error");

        assertThat(error.get("status").intValue()).isEqualTo(kind.status());
        assertThat(error.get("code").textValue()).isEqualTo(kind.code()).matches("[a-z_]+");
        assertThat(error.get("message").textValue()).isEqualTo(kind.message()).endsWith(".");
    }

    @Test
    void kinds_coverTheStatusesTheApiAnswers() {
        assertThat(ApiErrorKind.values()).extracting(ApiErrorKind::status).containsExactly(400, 401, 403, 404, 409, 500, 503);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "id with space", "<script>", "a\nb", "Bearer eyJhbGciOi.e30.sig\"}", "ü"})
    void aRequestIdNotShapedLikeOne_becomesUnknown(String requestId) throws Exception {
        ApiError error = new ApiError(ApiErrorKind.FORBIDDEN, requestId);

        assertThat(error.requestId()).isEqualTo("unknown");
        assertThat(Json.parse(error.body()).get("error").get("requestId").textValue()).isEqualTo("unknown");
    }

    @Test
    void aMissingRequestId_becomesUnknown() {
        assertThat(new ApiError(ApiErrorKind.INTERNAL, null).requestId()).isEqualTo("unknown");
        assertThat(new ApiError(ApiErrorKind.INTERNAL, "x".repeat(129)).requestId()).isEqualTo("unknown");
    }

    @Test
    void headers_sayJsonAndNoStore() {
        assertThat(new ApiError(ApiErrorKind.NOT_FOUND, "r").headers())
                .containsEntry("Content-Type", "application/json").containsEntry("Cache-Control", "no-store");
    }

    @Test
    void refusingAnIdToken_neitherBodyNorLogHoldsAHeaderOrClaimValueOfTheEvent() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-gateway/http-api-id-token.json");
        event.getHeaders().put("x-forwarded-for", "203.0.113.77");
        GatewayClaims verified = GatewayClaims.fromHttpApi(event);
        List<String> eventValues = new ArrayList<>(event.getHeaders().values());
        eventValues.addAll(verified.claims().values());
        eventValues.add(event.getHeaders().get("authorization").substring("Bearer ".length()));

        ApiError error;
        try (LogCapture log = LogCapture.start()) {
            try {
                AuthContext.from(verified);
                throw new AssertionError("an ID token was accepted");
            } catch (AuthenticationException refused) {
                error = Refusals.unauthenticated(refused, verified.requestId().orElse(null));
            }

            assertThat(log.lines()).singleElement().satisfies(line -> {
                assertThat(line).contains("reason=not_an_access_token", "requestId=JKJbYnQMwIcESJB=", "status=401");
                // Short values ("2", "true") would match by chance; every value worth hiding is longer.
                eventValues.stream().filter(v -> v.length() > 5).forEach(v -> assertThat(line).doesNotContain(v));
            });
        }
        assertThat(error.status()).isEqualTo(401);
        eventValues.stream().filter(v -> v.length() > 5).forEach(v -> assertThat(error.body()).doesNotContain(v));
        assertThat(error.body()).contains("\"requestId\":\"JKJbYnQMwIcESJB=\"");
    }

    @Test
    void aReasonThatIsNotOneOfOurCodes_isLoggedAsUnspecified() {
        try (LogCapture log = LogCapture.start()) {
            Refusals.refuse(ApiErrorKind.BAD_REQUEST, "Bearer eyJhbGciOi.e30.sig", "r-1");

            assertThat(log.all()).contains("reason=unspecified", "requestId=r-1").doesNotContain("eyJ");
        }
    }

    @Test
    void aServerError_isLoggedAtErrorLevel_aRefusalAtInfo() {
        try (LogCapture log = LogCapture.start()) {
            Refusals.refuse(ApiErrorKind.INTERNAL, "database_unavailable", "r-2");
            Refusals.refuse(ApiErrorKind.FORBIDDEN, "not_a_member", "r-3");

            assertThat(log.lines()).hasSize(2);
            assertThat(log.lines().get(0)).contains("ERROR", "reason=database_unavailable", "status=500");
            assertThat(log.lines().get(1)).contains("INFO", "reason=not_a_member", "status=403");
        }
    }
}
