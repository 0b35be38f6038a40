package io.cognitosuite.triggers.pretoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.common.json.Json;
import io.cognitosuite.common.trigger.CognitoEvent;
import io.cognitosuite.common.trigger.MalformedEventException;
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

    @Test
    void unknownVersion_isMalformed() {
        assertThatThrownBy(() -> TokenRequest.from(event("{\"version\":\"9\",\"triggerSource\":\"TokenGeneration_Authentication\","
                + "\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\"}}}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("version 9");
    }

    private static CognitoEvent event(String json) throws Exception {
        return CognitoEvent.from(Json.parse(json));
    }
}
