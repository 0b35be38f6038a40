package io.cognitosuite.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A sub reaches a log line only in the shape Cognito gives it (issue 13, scenario 7: subs carrying emails were logged). */
class EnvelopeValuesSubTest {

    @Test
    void aCognitoSub_isLoggedAsItIs() {
        assertThat(EnvelopeValues.sub("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")).isEqualTo("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"leak.value@example.com", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2ln", "x\r\n\u001b[31m",
            "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d@example.com", "+44 20 7946 0958"})
    void anyOtherSub_isLoggedAsItsFingerprint_neverItself(String sub) {
        assertThat(EnvelopeValues.sub(sub)).startsWith("sha256:").doesNotContain(sub);
    }
}
