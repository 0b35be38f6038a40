package io.cognitosuite.tools.gateway;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the JWT authorizer decided for one request: the verified claims, or a refusal with API Gateway's status. */
public sealed interface AuthorizerDecision {

    /**
     * The token is valid for the route.
     *
     * @param claims the claims rendered as HTTP API renders them
     * @param scopes the token's scopes, which HTTP API passes ({@code jwt.scopes}) only on routes with scopes; else null
     */
    record Allowed(Map<String, String> claims, List<String> scopes) implements AuthorizerDecision {
        public Allowed {
            claims = Map.copyOf(claims);
            scopes = scopes == null ? null : List.copyOf(scopes);
        }
    }

    /**
     * The request is refused before the function runs: 401 (no, malformed or invalid token) or 403 (valid token
     * without a route scope).
     *
     * @param reason a fixed code for the log and the tests ({@link Refusal}), never a token or claim value
     */
    record Refused(Refusal reason) implements AuthorizerDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        public int status() {
            return reason.status();
        }
    }

    /** Why a request was refused; the description is API Gateway's kind of {@code www-authenticate} text. */
    enum Refusal {
        NO_TOKEN(401, null),
        MALFORMED_HEADER(401, "the Authorization header is not a bearer token"),
        MALFORMED_TOKEN(401, "the token is not a signed JWT"),
        UNSUPPORTED_ALGORITHM(401, "the token is not signed with an RSA algorithm"),
        NO_KEY_ID(401, "the token has no kid"),
        UNKNOWN_KEY(401, "no key of the issuer matches the token's kid"),
        KEYS_UNAVAILABLE(401, "the issuer's keys could not be fetched"),
        INVALID_SIGNATURE(401, "the token's signature is invalid"),
        WRONG_ISSUER(401, "the token does not have a valid issuer"),
        WRONG_AUDIENCE(401, "the token does not have a valid audience"),
        EXPIRED(401, "the token has expired"),
        NOT_YET_VALID(401, "the token is not valid yet"),
        ISSUED_IN_FUTURE(401, "the token was issued in the future"),
        NOT_AN_ACCESS_TOKEN(401, "the token is not an access token"),
        INSUFFICIENT_SCOPE(403, "the token does not have a required scope");

        private final int status;
        private final String description;

        Refusal(int status, String description) {
            this.status = status;
            this.description = description;
        }

        public int status() {
            return status;
        }

        /** The reason as the log and the tests name it: {@code wrong_audience}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Fixed text for the {@code www-authenticate} header; null when there was no token at all. */
        String description() {
            return description;
        }
    }
}
