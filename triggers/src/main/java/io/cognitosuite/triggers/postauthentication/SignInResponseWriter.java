package io.cognitosuite.triggers.postauthentication;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.triggers.runtime.CognitoEvent;

/** Post-authentication answers with the event exactly as it came, whatever the outcome: that is what Cognito expects. */
final class SignInResponseWriter {
    private SignInResponseWriter() {
    }

    static JsonNode write(CognitoEvent event, SignInRequest request, SignInOutcome outcome) {
        return event.json();
    }
}
