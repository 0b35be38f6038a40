package io.cognitosuite.core.domain;

import java.util.Objects;

/**
 * A user the user pool created on an administrator's invitation.
 *
 * @param username      the pool's user name (in pools that sign in by email, one Cognito generated)
 * @param sub           the user's Cognito {@code sub}
 * @param emailVerified whether the pool holds the email as verified
 */
public record InvitedUser(String username, String sub, boolean emailVerified) {
    public InvitedUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sub, "sub");
    }
}
