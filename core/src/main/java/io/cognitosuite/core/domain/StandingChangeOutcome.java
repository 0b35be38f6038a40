package io.cognitosuite.core.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * What an administrative change of a user's role or plan did.
 *
 * @param targetSub the user's Cognito {@code sub}
 * @param before    the user's standing read under the row lock, before the change
 * @param after     the standing now stored (equal to {@code before} when nothing changed)
 * @param auditId   the {@code admin_audit} row written with the change, {@code null} when nothing was written
 */
public record StandingChangeOutcome(String targetSub, AppUserStanding before, AppUserStanding after, UUID auditId) {
    public StandingChangeOutcome {
        Objects.requireNonNull(targetSub, "targetSub");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** Whether the role or the plan differs from before (then an audit row and an outbox event were written). */
    public boolean changed() {
        return !before.role().equals(after.role()) || !before.plan().equals(after.plan());
    }
}
