package io.cognitosuite.core.port;

/**
 * The user pool refused to link a federated identity to a native user for reasons that belong to these two users,
 * not to the pool's configuration or the caller's permissions: the native user already has the most linked
 * identities Cognito allows, or an alias conflict between the two profiles. The same call will fail again for these
 * users, and for these users only. The message names the API, the error code and the HTTP status, nothing else, and
 * there is deliberately no cause (see {@link UserPoolUnavailableException}).
 */
public final class IdentityLinkRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code message} must be a fixed text or name only codes: it reaches the log. */
    public IdentityLinkRefusedException(String message) {
        super(message);
    }
}
