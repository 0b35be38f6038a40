package io.cognitosuite.triggers.pretoken;

/** The claims this trigger adds; documented in the README ("Token claims"). */
public final class ClaimNames {
    /** {@code app_users.id}. */
    public static final String USER_ID = "app_user_id";
    /** The app role from {@code app_users.role}. */
    public static final String ROLE = "app_role";
    /** The billing plan from {@code app_users.billing_plan}. */
    public static final String PLAN = "app_plan";
    /** Workspace id → role: a JSON object in the V2/V3 access token, {@code "id:role id:role"} in the V1 ID token. */
    public static final String WORKSPACES = "app_workspaces";
    /** Present (true) when the workspace list was cut to fit the claim-size budget. */
    public static final String WORKSPACES_TRUNCATED = "app_workspaces_truncated";
    /** Present (true) when the database could not be asked in time and the policy is {@code omit}. */
    public static final String CLAIMS_UNAVAILABLE = "app_claims_unavailable";

    private ClaimNames() {
    }
}
