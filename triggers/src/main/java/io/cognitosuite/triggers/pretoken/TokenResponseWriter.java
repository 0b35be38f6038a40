package io.cognitosuite.triggers.pretoken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import java.util.List;

/**
 * Writes the claims into the event's {@code response} in the shape of its version. The response is
 * built here and replaces whatever the event brought, never merged with it: a pre-filled
 * {@code response} (Cognito sends none, an emulator or a forged event may) never reaches Cognito. It
 * carries no group override: Cognito keeps the user's groups as they are (an empty
 * {@code groupsToOverride} would remove them all). Every response passes {@link ReservedClaims#check}
 * and the scope check first, and the event is left untouched when one refuses.
 */
final class TokenResponseWriter {
    private TokenResponseWriter() {
    }

    /** Writes the claims in the shape of the request's version, and returns the event as the response. */
    static JsonNode write(CognitoEvent event, TokenRequest request, TokenClaims claims) {
        write(event.json(), request.version(), claims);
        return event.json();
    }

    static void write(ObjectNode event, TokenEventVersion version, TokenClaims claims) {
        check(version, claims);
        ObjectNode response = Json.mapper().createObjectNode();
        if (version == TokenEventVersion.V1) {
            ObjectNode details = response.putObject("claimsOverrideDetails");
            details.set("claimsToAddOrOverride", Json.mapper().valueToTree(claims.idToken()));
        } else {
            ObjectNode details = response.putObject("claimsAndScopeOverrideDetails");
            if (!claims.idToken().isEmpty()) {
                // A machine token has no ID token, so it has no ID token part either.
                details.putObject("idTokenGeneration")
                        .set("claimsToAddOrOverride", Json.mapper().valueToTree(claims.idToken()));
            }
            ObjectNode access = details.putObject("accessTokenGeneration");
            access.set("claimsToAddOrOverride", Json.mapper().valueToTree(claims.accessToken()));
            putScopes(access, "scopesToAdd", claims.scopesToAdd());
            putScopes(access, "scopesToSuppress", claims.scopesToSuppress());
        }
        event.set("response", response);
    }

    /** Refuses what must never reach Cognito: a programming or configuration error, so it fails the token. */
    private static void check(TokenEventVersion version, TokenClaims claims) {
        ReservedClaims.check(claims);
        if (version == TokenEventVersion.V1) {
            for (Object value : claims.idToken().values()) {
                if (!(value instanceof String)) {
                    throw new IllegalStateException("V1 claims must be strings");
                }
            }
            if (!claims.accessToken().isEmpty() || !claims.scopesToAdd().isEmpty() || !claims.scopesToSuppress().isEmpty()) {
                throw new IllegalStateException("a V1 response has no access token claims or scopes");
            }
        }
        for (String scope : claims.scopesToAdd()) {
            // Never both: which one Cognito would apply is not something a token should depend on.
            if (claims.scopesToSuppress().contains(scope)) {
                throw new IllegalStateException("refusing to both add and suppress scope '" + scope + "'");
            }
        }
    }

    private static void putScopes(ObjectNode access, String field, List<String> scopes) {
        if (!scopes.isEmpty()) {
            ArrayNode array = access.putArray(field);
            scopes.forEach(array::add);
        }
    }
}
