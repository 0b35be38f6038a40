package io.cognitosuite.tools.support.reconcile;

import io.cognitosuite.core.domain.DirectoryUser;

/**
 * What reconcile did with one user that has no {@code app_users} row.
 *
 * @param user   the user as the pool holds it
 * @param action what happened
 * @param reason why it failed or was skipped, a fixed sentence of ours (never a value), {@code null} when provisioned
 */
public record UserOutcome(DirectoryUser user, Action action, String reason) {

    public enum Action {
        /** Provisioned: a row, a personal workspace and an {@code app_user.created} event. */
        PROVISIONED,
        /** Would be provisioned; a dry run writes nothing. */
        WOULD_PROVISION,
        /** Not provisioned because of its state (or because it is disabled); reported only. */
        SKIPPED,
        /** Eligible, but could not be provisioned (no sub, a value every stored user must not have). */
        FAILED
    }
}
