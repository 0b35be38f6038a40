package io.cognitosuite.tools.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a minted token says about its holder: the {@code sub}, the user name (Cognito's access token carries
 * {@code username}; the ID token {@code cognito:username}), the scopes, the {@code cognito:groups}, the app client and
 * the lifetime. An empty scope list gives Cognito's sign-in scope {@code aws.cognito.signin.user.admin}, as a user
 * pool API sign-in does.
 */
public record TokenRequest(String sub, String username, List<String> scopes, List<String> groups, String clientId,
                           Duration lifetime) {
    public static final String SIGN_IN_SCOPE = "aws.cognito.signin.user.admin";

    public TokenRequest {
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(username, "username");
        scopes = List.copyOf(scopes);
        groups = List.copyOf(groups);
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(SigningKeys.MAX_TOKEN_LIFETIME) > 0) {
            // a longer one would outlive the grace period a retired key gets in the JWKS
            throw new IllegalArgumentException("a token lives more than 0 and at most " + SigningKeys.MAX_TOKEN_LIFETIME);
        }
    }

    /** An access token for {@code sub} (also its user name) from {@code clientId}, for an hour. */
    public static TokenRequest of(String sub, String clientId) {
        return new TokenRequest(sub, sub, List.of(), List.of(), clientId, Duration.ofHours(1));
    }

    public TokenRequest withScopes(String... newScopes) {
        return new TokenRequest(sub, username, List.of(newScopes), groups, clientId, lifetime);
    }

    public TokenRequest withGroups(String... newGroups) {
        return new TokenRequest(sub, username, scopes, List.of(newGroups), clientId, lifetime);
    }

    public TokenRequest withLifetime(Duration newLifetime) {
        return new TokenRequest(sub, username, scopes, groups, clientId, newLifetime);
    }

    public TokenRequest withClientId(String newClientId) {
        return new TokenRequest(sub, username, scopes, groups, newClientId, lifetime);
    }
}
