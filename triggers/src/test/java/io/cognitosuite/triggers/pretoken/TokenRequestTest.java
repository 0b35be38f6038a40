package io.cognitosuite.triggers.pretoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.common.json.Json;
import io.cognitosuite.common.trigger.CognitoEvent;
import io.cognitosuite.common.trigger.MalformedEventException;
import io.cognitosuite.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    private static CognitoEvent event(String json) throws Exception {
        return CognitoEvent.from(Json.parse(json));
    }
}
