package io.cognitosuite.core.domain;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The app roles and billing plans an administrator may give a user ({@code PUT /admin/users/{sub}/role},
 * {@code POST /admin/users}): the one place they are listed. V1's CHECK constraints accept any short lower-case word
 * ({@code ^[a-z][a-z0-9_-]{0,31}$}) so that a deployment can add one without a migration; the API accepts only these.
 *
 * <ul>
 *   <li>Roles: {@code user} (V1's default) and {@code admin} ({@link AppUserStanding#APP_ADMIN_ROLE}, the app admin):
 *       the two roles {@code ROLE_SCOPES} maps to scopes ({@code admin=api/admin api/read;user=api/read}).</li>
 *   <li>Plans: {@code free} (V1's default) and {@code pro}, the two plans the suite's tokens and benchmarks use.</li>
 * </ul>
 *
 * Adding a role or a plan is one line here (and, for a role, its entry in {@code ROLE_SCOPES}). Rows holding a value
 * outside these sets (written by hand or by an older version) are still read as they are; they just cannot be set
 * through the API.
 */
public final class AssignableStandings {
    public static final String DEFAULT_ROLE = "user";
    public static final String DEFAULT_PLAN = "free";
    public static final Set<String> ROLES = Set.of(DEFAULT_ROLE, AppUserStanding.APP_ADMIN_ROLE);
    public static final Set<String> PLANS = Set.of(DEFAULT_PLAN, "pro");
    /** V1's CHECK on {@code app_users.role} and {@code billing_plan}: every value above must pass it. */
    static final Pattern STORABLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private AssignableStandings() {
    }

    public static boolean isAssignableRole(String role) {
        return role != null && ROLES.contains(role);
    }

    public static boolean isAssignablePlan(String plan) {
        return plan != null && PLANS.contains(plan);
    }
}
