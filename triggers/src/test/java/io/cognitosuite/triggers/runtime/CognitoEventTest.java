package io.cognitosuite.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CognitoEventTest {

    @Test
    void attribute_isTheString_orNullWhenAbsentOrJsonNull() throws Exception {
        CognitoEvent event = event("{\"sub\":\"s-1\",\"email\":null}");

        assertThat(event.attribute("sub")).isEqualTo("s-1");
        assertThat(event.attribute("email")).isNull();
        assertThat(event.attribute("name")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "true", "{\"email\":\"leak@example.com\"}", "[\"leak@example.com\"]"})
    void attributeOfAnyOtherJsonType_isMalformed_withAFixedReason_notTurnedIntoText(String value) throws Exception {
        CognitoEvent event = event("{\"sub\":" + value + "}");

        assertThatThrownBy(() -> event.attribute("sub"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("sub must be a string");
    }

    @Test
    void attribute_ofAnEventWithoutUserAttributes_isNull() throws Exception {
        CognitoEvent event = CognitoEvent.from(Json.parse(
                "{\"triggerSource\":\"PreSignUp_SignUp\",\"userPoolId\":\"eu-west-1_Ab12Cd34E\",\"request\":{}}"));

        assertThat(event.attribute("sub")).isNull();
    }

    private static CognitoEvent event(String attributes) throws Exception {
        return CognitoEvent.from(Json.parse("{\"triggerSource\":\"PreSignUp_SignUp\",\"userPoolId\":\"eu-west-1_Ab12Cd34E\","
                + "\"request\":{\"userAttributes\":" + attributes + "}}"));
    }
}
