package io.cognitosuite.api.auth;

import java.util.Objects;

/**
 * The request carries no identity this library accepts: the API answers 401. The message is the reason's fixed code,
 * never a claim value, so it is safe to log.
 */
public final class AuthenticationException extends Exception {
    private final UnauthenticatedReason reason;

    public AuthenticationException(UnauthenticatedReason reason) {
        super(Objects.requireNonNull(reason, "reason").code(), null, false, false);
        this.reason = reason;
    }

    public UnauthenticatedReason reason() {
        return reason;
    }
}
