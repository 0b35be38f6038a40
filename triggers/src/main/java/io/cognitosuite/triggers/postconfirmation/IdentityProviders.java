package io.cognitosuite.triggers.postconfirmation;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;

/** Reads the {@code identities} attribute Cognito sets on federated users (a JSON array in a string). */
final class IdentityProviders {
    private IdentityProviders() {
    }

    /** The provider name of the first linked identity, or {@code null} for a native user. */
    static String primaryProvider(String identitiesAttribute) {
        if (identitiesAttribute == null || identitiesAttribute.isBlank()) {
            return null;
        }
        try {
            JsonNode identities = Json.parse(identitiesAttribute);
            JsonNode first = identities.isArray() && !identities.isEmpty() ? identities.get(0) : null;
            JsonNode name = first == null ? null : first.get("providerName");
            return name != null && name.isTextual() ? name.textValue() : null;
        } catch (MalformedJsonException e) {
            return null;
        }
    }
}
