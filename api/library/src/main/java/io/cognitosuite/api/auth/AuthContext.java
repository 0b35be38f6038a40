package io.cognitosuite.api.auth;

import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.observability.Redaction;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling, as far as the verified access token says: identity, and nothing that authorizes. What the caller
 * may do is the app database's answer, asked with {@link #cognitoSub()} (token claims are stale for the token's
 * lifetime, so a role removed at 10:00 would still read "admin" in a token issued at 09:55).
 *
 * <p>Built in two steps: {@link #from(GatewayClaims)} reads the claims, with no {@link #appUserId()}; the find-or-create
 * of the app user (not in this library yet) then adds it with {@link #withAppUserId(UUID)}.
 *
 * @param cognitoSub the token's {@code sub}: Cognito's immutable user id, the one claim the app trusts as identity
 * @param appUserId  {@code app_users.id}, once the database lookup has found or created the row; empty before
 * @param email      the {@code email} claim if the token has one (Cognito access tokens do not, unless a pre-token
 *                   trigger adds it); for display, never for identity or authorization
 * @param groups     {@code cognito:groups}: coarse information only, never a permission (a group removed in Cognito
 *                   stays in tokens already issued)
 * @param scopes     the token's OAuth scopes
 * @param clientId   the app client the token was issued to ({@code client_id})
 * @param tokenUse   always {@code access}: {@link #from} refuses every other kind
 */
public record AuthContext(String cognitoSub, Optional<UUID> appUserId, Optional<String> email, List<String> groups,
                          List<String> scopes, String clientId, String tokenUse) {
    static final String ACCESS = "access";

    public AuthContext {
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(email, "email");
        groups = List.copyOf(groups);
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tokenUse, "tokenUse");
    }

    /**
     * The caller of a request whose token the gateway verified, or the reason there is none. Fails closed: a claim
     * that is absent is never taken for a good one, and an ID token (which HTTP API's JWT authorizer accepts when its
     * {@code aud} matches) is refused, because an API accepts access tokens only.
     *
     * @throws AuthenticationException with the reason: no claims, no or blank {@code sub}, a {@code sub} the database
     *                                 could not store, no {@code token_use}, a {@code token_use} other than
     *                                 {@code access}, or no {@code client_id}
     */
    public static AuthContext from(GatewayClaims verified) throws AuthenticationException {
        if (verified == null || verified.claims().isEmpty()) {
            throw new AuthenticationException(UnauthenticatedReason.NO_VERIFIED_CLAIMS);
        }
        String sub = verified.claim("sub").orElse("");
        if (sub.isBlank()) {
            throw new AuthenticationException(UnauthenticatedReason.NO_SUBJECT);
        }
        try {
            // The consumer's rule: a sub no app_users row can hold is no identity here either.
            UserConfirmed.requireStorableSub(sub);
        } catch (InvalidUserConfirmedException e) {
            throw new AuthenticationException(UnauthenticatedReason.UNUSABLE_SUBJECT);
        }
        String tokenUse = verified.claim("token_use").orElse("");
        if (tokenUse.isBlank()) {
            throw new AuthenticationException(UnauthenticatedReason.NO_TOKEN_USE);
        }
        // Exact match: "Access" or "access " is no token_use Cognito writes.
        if (!tokenUse.equals(ACCESS)) {
            throw new AuthenticationException(UnauthenticatedReason.NOT_AN_ACCESS_TOKEN);
        }
        String clientId = verified.claim("client_id").orElse("");
        if (clientId.isBlank()) {
            throw new AuthenticationException(UnauthenticatedReason.NO_CLIENT_ID);
        }
        Optional<String> email = verified.claim("email").filter(e -> !e.isBlank());
        List<String> groups = ClaimLists.parse(verified.claim("cognito:groups").orElse(null));
        return new AuthContext(sub, Optional.empty(), email, groups, scopesOf(verified), clientId, ACCESS);
    }

    /**
     * The {@code scope} claim, which HTTP API and REST API both pass; HTTP API's {@code jwt.scopes} only when the claim
     * is absent (both come from the same verified token, the claim is just the one that is always there).
     */
    private static List<String> scopesOf(GatewayClaims verified) {
        List<String> fromClaim = ClaimLists.parseScopes(verified.claim("scope").orElse(null));
        if (!fromClaim.isEmpty()) {
            return fromClaim;
        }
        return List.copyOf(new LinkedHashSet<>(verified.gatewayScopes()));
    }

    /** The same caller, with the app user the database found or created for {@link #cognitoSub()}. */
    public AuthContext withAppUserId(UUID id) {
        Objects.requireNonNull(id, "id");
        return new AuthContext(cognitoSub, Optional.of(id), email, groups, scopes, clientId, tokenUse);
    }

    /** Whether the token carries this scope (the gateway checks route scopes; this is for a function that must too). */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** Whether {@code cognito:groups} names this group: coarse information, see {@link #groups()}. */
    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    /** The email masked: this text may reach a log. */
    @Override
    public String toString() {
        return "AuthContext[cognitoSub=" + cognitoSub + ", appUserId=" + appUserId.map(UUID::toString).orElse("<none>")
                + ", email=" + email.map(Redaction::maskEmail).orElse("<none>") + ", groups=" + groups + ", scopes="
                + scopes + ", clientId=" + clientId + ", tokenUse=" + tokenUse + "]";
    }
}
