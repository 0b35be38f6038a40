package io.cognitosuite.triggers.presignup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.triggers.runtime.CognitoEvent;

/**
 * Writes a sign-up decision into the event's {@code response}: {@code autoConfirmUser}, {@code autoVerifyEmail} and
 * {@code autoVerifyPhone} (always {@code false}). Everything else in the event goes back as it came.
 */
final class SignUpResponseWriter {
    private SignUpResponseWriter() {
    }

    static JsonNode write(CognitoEvent event, SignUpRequest request, SignUpDecision decision) {
        if (!PreSignUpService.ADMIN_CREATE_USER.equals(request.triggerSource())) {
            // Cognito ignores these flags for AdminCreateUser, so they are only ever set for the other sources.
            ObjectNode response = response(event);
            response.put("autoConfirmUser", decision.autoConfirmUser());
            response.put("autoVerifyEmail", decision.autoVerifyEmail());
            response.put("autoVerifyPhone", false);
        }
        return event.json();
    }

    private static ObjectNode response(CognitoEvent event) {
        JsonNode existing = event.json().get("response");
        if (existing instanceof ObjectNode object) {
            return object;
        }
        ObjectNode created = Json.mapper().createObjectNode();
        event.json().set("response", created);
        return created;
    }
}
