package io.cognitosuite.triggers.pretoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.json.Json;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.EnvelopeValues;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import io.cognitosuite.testing.LogCapture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TokenRequestTest {

    @ParameterizedTest
    @CsvSource({"1,V1", "2,V2", "3,V3", "V2_0,V2", "v3_0,V3"})
    void version_isReadFromTheEvent(String field, TokenEventVersion expected) throws Exception {
        assertThat(TokenRequest.from(event("{\"version\":\"" + field + "\",\"triggerSource\":\"TokenGeneration_Authentication\","
                + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\"}}}")).version())
                .isEqualTo(expected);
    }

    @Test
    void missingVersion_isInferredFromScopes() throws Exception {
        assertThat(TokenRequest.from(event("{\"triggerSource\":\"TokenGeneration_Authentication\",\"userPoolId\":\"p\","
                + "\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\"},\"scopes\":[]}}")).version())
                .isEqualTo(TokenEventVersion.V2);
    }

    @Test
    void clientCredentials_isAMachineRequest_onlyInVersion3() throws Exception {
        String cc = "{\"version\":\"%s\",\"triggerSource\":\"TokenGeneration_ClientCredentials\",\"userPoolId\":\"p\","
                + "\"request\":{\"userAttributes\":{}}}";

        assertThat(TokenRequest.from(event(cc.formatted("3"))).isMachine()).isTrue();
        assertThatThrownBy(() -> TokenRequest.from(event(cc.formatted("2"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("version 3");
    }

    @Test
    void userToken_withoutSub_isMalformed() {
        assertThatThrownBy(() -> TokenRequest.from(event("{\"version\":\"2\",\"triggerSource\":\"TokenGeneration_RefreshTokens\","
                + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{}}}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("sub");
    }

    @Test
    void otherTriggerSource_isMalformed() {
        assertThatThrownBy(() -> TokenRequest.from(event("{\"version\":\"1\",\"triggerSource\":\"PreSignUp_SignUp\","
                + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\"}}}")))
                .isInstanceOf(MalformedEventException.class);
    }

    // Point 9 of issue 9: an undocumented version (cognito-local sends "0") is read from the event's shape
    // instead of failing the sign-in; this replaces the test that expected "version 9" to be malformed.
    @ParameterizedTest
    @CsvSource({"0,false,V1", "0,true,V2", "9,false,V1", "V4_0,true,V2"})
    void undocumentedVersion_isReadFromTheShape(String field, boolean scopes, TokenEventVersion expected) throws Exception {
        assertThat(TokenRequest.from(event("{\"version\":\"" + field + "\",\"triggerSource\":\"TokenGeneration_Authentication\","
                + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\"}"
                + (scopes ? ",\"scopes\":[\"openid\"]" : "") + "}}")).version())
                .isEqualTo(expected);
    }

    @Test
    void undocumentedVersion_ofAClientCredentialsEvent_isVersion3() throws Exception {
        assertThat(TokenRequest.from(event("{\"version\":\"0\",\"triggerSource\":\"TokenGeneration_ClientCredentials\","
                + "\"userPoolId\":\"p\",\"request\":{\"userAttributes\":{},\"scopes\":[]}}")).version())
                .isEqualTo(TokenEventVersion.V3);
    }

    @Test
    void undocumentedVersion_logsAFixedReason_andOnlyAFingerprintOfTheValue() throws Exception {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJl";
        String log;
        try (LogCapture logs = LogCapture.start()) {
            TokenRequest.from(event("{\"version\":\"" + jwt + "\",\"triggerSource\":\"TokenGeneration_Authentication\","
                    + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\"}}}"));
            log = logs.all();
        }

        assertThat(log).contains(TokenEventVersion.UNDOCUMENTED_VERSION).contains("\"level\":\"WARN\"")
                .doesNotContain(jwt).doesNotContain("eyJhbGciOi");
    }

    @Test
    void otherTriggerSource_isMalformed_withAFixedMessage() throws Exception {
        String email = "leak.source@example.com";
        assertThatThrownBy(() -> TokenRequest.from(event("{\"version\":\"2\",\"triggerSource\":\"" + email + "\","
                + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\"}}}")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("triggerSource is not a pre-token generation trigger source");
    }

    /** A sub no {@code app_users} row may hold (the consumer's rules), as the event's JSON. */
    static Stream<Arguments> subsNoRowMayHold() {
        return Stream.of(
                Arguments.of("a number", "4815162342"),
                Arguments.of("true", "true"),
                Arguments.of("an object holding an email", "{\"email\":\"leak.sub@example.com\"}"),
                Arguments.of("an array holding an email", "[\"leak.sub@example.com\"]"),
                Arguments.of("blank", "\"   \""),
                Arguments.of("129 characters", "\"" + "s".repeat(129) + "\""),
                Arguments.of("200 KB holding an email", "\"leak.sub@example.com" + "s".repeat(200 * 1024) + "\""),
                Arguments.of("a lone surrogate", "\"ada\\uD800\""),
                Arguments.of("a NUL character", "\"ada\\u0000\""));
    }

    // Point 3 of the review: a non-string sub was turned into text (and so stored as cognito_sub), and no bound was
    // checked before the sub was queried and logged.
    @ParameterizedTest(name = "sub as {0}")
    @MethodSource("subsNoRowMayHold")
    void subThatNoRowMayHold_isMalformed_withAFixedReason_beforeAnyLogLine(String kind, String sub) {
        // "0" is an undocumented version, which is logged once read: the sub is refused before that.
        String event = "{\"version\":\"0\",\"triggerSource\":\"TokenGeneration_Authentication\",\"userPoolId\":\"p\","
                + "\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":" + sub + "}}}";
        String log;
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> TokenRequest.from(event(event)))
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessageStartingWith("sub ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("leak.sub").doesNotContain("ssss")
                            .doesNotContain("4815162342").doesNotContain("ada"));
            log = logs.all();
        }

        assertThat(log).as("no log line before the refusal").isEmpty();
    }

    @Test
    void subAtItsBound_isAccepted() throws Exception {
        String astral = "\uD83D\uDE00"; // one character, two UTF-16 units

        TokenRequest request = TokenRequest.from(event("{\"version\":\"2\",\"triggerSource\":\"TokenGeneration_Authentication\","
                + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\""
                + astral.repeat(128) + "\"}}}"));

        assertThat(request.sub()).isEqualTo(astral.repeat(128));
    }

    @Test
    void emailAsANumber_isMalformed_notTurnedIntoText() {
        assertThatThrownBy(() -> TokenRequest.from(event("{\"version\":\"2\",\"triggerSource\":\"TokenGeneration_Authentication\","
                + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\",\"email\":12345}}}")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("email must be a string");
    }

    @Test
    void userSources_areTheKnownTokenGenerationSources_butClientCredentials() {
        assertThat(TokenRequest.USER_SOURCES).containsExactlyInAnyOrder("TokenGeneration_HostedAuth",
                "TokenGeneration_Authentication", "TokenGeneration_NewPasswordChallenge", "TokenGeneration_AuthenticateDevice",
                "TokenGeneration_RefreshTokens");
        assertThat(EnvelopeValues.KNOWN_TRIGGER_SOURCES).containsAll(TokenRequest.USER_SOURCES)
                .contains(PreTokenGenerationService.CLIENT_CREDENTIALS);
    }

    private static CognitoEvent event(String json) throws Exception {
        return CognitoEvent.from(Json.parse(json));
    }
}
