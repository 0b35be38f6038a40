package io.cognitosuite.triggers.postconfirmation;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.triggers.runtime.CognitoEvent;

/** Post-confirmation answers with the event exactly as it came, whatever the outcome: that is what Cognito expects. */
final class ConfirmationResponseWriter {
    private ConfirmationResponseWriter() {
    }

    static JsonNode write(CognitoEvent event, ConfirmationRequest request, ConfirmationOutcome outcome) {
        return event.json();
    }
}
