package io.cognitosuite.core.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * What the app database says about a caller before any workspace is involved: who they are and their app-wide role
 * and plan.
 *
 * @param appUserId {@code app_users.id}
 * @param role      {@code app_users.role} ({@code user} by default; {@code admin} is the app admin)
 * @param plan      {@code app_users.billing_plan}
 */
public record AppUserStanding(UUID appUserId, String role, String plan) {
    /** The value of {@code app_users.role} that makes an app admin. */
    public static final String APP_ADMIN_ROLE = "admin";

    public AppUserStanding {
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(plan, "plan");
    }

    /** Whether {@code app_users.role} is exactly {@code admin}; nothing from a token decides this. */
    public boolean appAdmin() {
        return APP_ADMIN_ROLE.equals(role);
    }
}
