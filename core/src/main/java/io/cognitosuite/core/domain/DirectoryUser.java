package io.cognitosuite.core.domain;

import io.cognitosuite.core.observability.Redaction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user as the user pool's directory holds it, for support: what {@code reconcile} compares with {@code app_users}
 * and what {@code users show} prints. {@link PoolUser} is the smaller view the sign-up triggers need.
 *
 * @param username          the pool user name
 * @param sub               the {@code sub} attribute, {@code null} when the pool did not return one
 * @param status            Cognito's user status ({@code CONFIRMED}, {@code FORCE_CHANGE_PASSWORD},
 *                          {@code UNCONFIRMED}, {@code EXTERNAL_PROVIDER}, {@code RESET_REQUIRED}, ...),
 *                          {@code UNKNOWN} when absent
 * @param enabled           whether the user may sign in; an absent flag counts as disabled (fails closed)
 * @param createdAt         {@code UserCreateDate}, {@code null} when absent
 * @param lastModifiedAt    {@code UserLastModifiedDate}, {@code null} when absent
 * @param email             the {@code email} attribute, {@code null} when none
 * @param emailVerified     {@code email_verified} is {@code "true"}; absent is not verified (fails closed)
 * @param identityProviders the provider names of the {@code identities} attribute (federated sign-ins linked to this
 *                          user, e.g. {@code Google}); never the provider's user ids
 */
public record DirectoryUser(String username, String sub, String status, boolean enabled, Instant createdAt,
                            Instant lastModifiedAt, String email, boolean emailVerified,
                            List<String> identityProviders) {
    public DirectoryUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(status, "status");
        identityProviders = List.copyOf(identityProviders);
    }

    /**
     * The later of the creation and last-modification times, {@code null} when the pool gave neither: what
     * {@code reconcile --since} compares.
     */
    public Instant lastChangedAt() {
        if (lastModifiedAt == null) {
            return createdAt;
        }
        return createdAt == null || lastModifiedAt.isAfter(createdAt) ? lastModifiedAt : createdAt;
    }

    /** Never the whole email: records end up in log lines and assertion messages. */
    @Override
    public String toString() {
        return "DirectoryUser[sub=" + sub + ", status=" + status + ", enabled=" + enabled + ", email="
                + Redaction.maskEmail(email) + "]";
    }
}
