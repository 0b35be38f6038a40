package io.cognitosuite.core.domain;

import java.util.Objects;

/**
 * What an administrator asked to set on a user: a role, a plan, or both; {@code null} keeps the current value.
 *
 * @param role an {@link AssignableStandings#ROLES} value, or {@code null}
 * @param plan an {@link AssignableStandings#PLANS} value, or {@code null}
 * @throws IllegalArgumentException when both are {@code null} or one is outside its set (the message names the field,
 *                                  never the value)
 */
public record StandingChange(String role, String plan) {
    public StandingChange {
        if (role == null && plan == null) {
            throw new IllegalArgumentException("a standing change sets a role, a plan or both");
        }
        if (role != null && !AssignableStandings.isAssignableRole(role)) {
            throw new IllegalArgumentException("role is not an assignable role");
        }
        if (plan != null && !AssignableStandings.isAssignablePlan(plan)) {
            throw new IllegalArgumentException("plan is not an assignable plan");
        }
    }

    /** The standing after the change: the requested values, the current ones where none was requested. */
    public AppUserStanding applyTo(AppUserStanding current) {
        Objects.requireNonNull(current, "current");
        return new AppUserStanding(current.appUserId(), role == null ? current.role() : role,
                plan == null ? current.plan() : plan);
    }
}
