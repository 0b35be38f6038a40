package io.cognitosuite.triggers.pretoken;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.common.json.Json;

/**
 * Writes the claims into the event's {@code response} in the shape of its version. The response is
 * replaced, never merged, and carries no group override: Cognito keeps the user's groups as they are
 * (an empty {@code groupsToOverride} would remove them all). Every response passes
 * {@link ReservedClaims#check} first.
 */
final class TokenResponseWriter {
    private TokenResponseWriter() {
    }

    static void write(ObjectNode event, TokenEventVersion version, TokenClaims claims) {
        ReservedClaims.check(claims);
        ObjectNode response = Json.mapper().createObjectNode();
        if (version == TokenEventVersion.V1) {
            for (Object value : claims.idToken().values()) {
                if (!(value instanceof String)) {
                    throw new IllegalStateException("V1 claims must be strings");
                }
            }
            ObjectNode details = response.putObject("claimsOverrideDetails");
            details.set("claimsToAddOrOverride", Json.mapper().valueToTree(claims.idToken()));
        } else {
            ObjectNode details = response.putObject("claimsAndScopeOverrideDetails");
            details.putObject("idTokenGeneration")
                    .set("claimsToAddOrOverride", Json.mapper().valueToTree(claims.idToken()));
            ObjectNode access = details.putObject("accessTokenGeneration");
            access.set("claimsToAddOrOverride", Json.mapper().valueToTree(claims.accessToken()));
            if (!claims.scopesToAdd().isEmpty()) {
                ArrayNode scopes = access.putArray("scopesToAdd");
                claims.scopesToAdd().forEach(scopes::add);
            }
        }
        event.set("response", response);
    }
}
