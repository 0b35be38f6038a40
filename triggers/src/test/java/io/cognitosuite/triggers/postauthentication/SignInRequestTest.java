package io.cognitosuite.triggers.postauthentication;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignInRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"leak.source@example.com", "PostConfirmation_ConfirmSignUp"})
    void untrustedTriggerSource_isUnrecordableForAFixedReason_neverEchoingIt(String source) throws Exception {
        String event = ClasspathFiles.read("events/post-authentication/authentication.json")
                .replace("PostAuthentication_Authentication", source);

        SignInRequest request = SignInRequest.from(CognitoEvent.from(Json.parse(event)));

        assertThat(request.unrecordableBecause())
                .isEqualTo("triggerSource is not a post-authentication trigger source")
                .doesNotContain(source);
    }

    @ParameterizedTest
    @ValueSource(strings = {"leak.source@example.com", "PostConfirmation_ConfirmSignUp"})
    void untrustedTriggerSource_withAnUnstorableSub_givesBothFixedReasons(String source) throws Exception {
        String event = ClasspathFiles.read("events/post-authentication/authentication.json")
                .replace("PostAuthentication_Authentication", source)
                .replaceFirst("\"sub\": \"[^\"]*\"", "\"sub\": \"\"");

        SignInRequest request = SignInRequest.from(CognitoEvent.from(Json.parse(event)));

        assertThat(request.unrecordableBecause())
                .startsWith("triggerSource is not a post-authentication trigger source and ")
                .doesNotContain(source);
    }
}
