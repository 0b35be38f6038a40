package io.cognitosuite.core.domain;

import java.util.Objects;

/**
 * A user as the Cognito user pool knows it.
 *
 * @param username      the pool user name
 * @param sub           the user's {@code sub}, or {@code null} when not returned
 * @param status        Cognito's user status ({@code CONFIRMED}, {@code EXTERNAL_PROVIDER}, ...)
 * @param emailVerified whether the pool marks the email verified
 */
public record PoolUser(String username, String sub, String status, boolean emailVerified) {
    public PoolUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(status, "status");
    }

    /** A user that signed up with the pool itself rather than through a federated provider. */
    public boolean isNative() {
        return !"EXTERNAL_PROVIDER".equals(status);
    }
}
