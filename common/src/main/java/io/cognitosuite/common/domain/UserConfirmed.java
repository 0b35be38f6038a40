package io.cognitosuite.common.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Cognito confirmed a user: the fact behind the {@code user.confirmed} message.
 *
 * @param userPoolId       the pool, e.g. {@code eu-west-1_AbCdEf123}
 * @param sub              Cognito's immutable user id
 * @param username         the pool user name (for a federated user {@code Provider_id})
 * @param email            the email attribute, or {@code null} for users without one
 * @param emailVerified    whether Cognito marks the email verified
 * @param identityProvider the federated provider name (e.g. {@code Google}), or {@code null} for native users
 * @param triggerSource    the Cognito trigger source that produced the fact
 * @param occurredAt       when the trigger ran
 */
public record UserConfirmed(
        String userPoolId,
        String sub,
        String username,
        String email,
        boolean emailVerified,
        String identityProvider,
        String triggerSource,
        Instant occurredAt) {

    public UserConfirmed {
        requireText(userPoolId, "userPoolId");
        requireText(sub, "sub");
        requireText(username, "username");
        requireText(triggerSource, "triggerSource");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** {@code userPoolId#sub}: the same user confirmed twice yields the same key. */
    public String idempotencyKey() {
        return userPoolId + "#" + sub;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "UserConfirmed[userPoolId=" + userPoolId + ", sub=" + sub + ", triggerSource=" + triggerSource + "]";
    }
}
