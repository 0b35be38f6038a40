package io.cognitosuite.triggers.pretoken;

import java.util.Locale;
import java.util.Set;

/**
 * Claims Cognito reserves. Adding or overriding one fails the token or, worse, changes what a
 * backend believes; this check stands between every response and Cognito.
 */
public final class ReservedClaims {
    private static final Set<String> BOTH = Set.of("sub", "username", "identities", "client_id", "event_id",
            "device_key", "version", "acr", "amr", "at_hash", "auth_time", "azp", "exp", "iat", "iss", "jti", "nbf",
            "nonce", "origin_jti", "token_use", "scope");
    private static final Set<String> ID_TOKEN_ONLY = Set.of("aud");

    private ReservedClaims() {
    }

    public static boolean isReserved(String claim, boolean idToken) {
        String name = claim.toLowerCase(Locale.ROOT);
        return name.startsWith("cognito:") || BOTH.contains(name) || (idToken && ID_TOKEN_ONLY.contains(name));
    }

    /** @throws ReservedClaimException naming the first reserved claim found */
    public static void check(TokenClaims claims) {
        for (String claim : claims.idToken().keySet()) {
            if (isReserved(claim, true)) {
                throw new ReservedClaimException(claim, "ID");
            }
        }
        for (String claim : claims.accessToken().keySet()) {
            if (isReserved(claim, false)) {
                throw new ReservedClaimException(claim, "access");
            }
        }
    }

    /** A reserved claim was about to be emitted: a programming or configuration error. */
    public static final class ReservedClaimException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ReservedClaimException(String claim, String token) {
            super("refusing to emit reserved claim '" + claim + "' in the " + token + " token");
        }
    }
}
