package io.cognitosuite.postgres.testing;

/**
 * The statement {@code JdbcAppUserProfiles} sent before migration V8 moved it into {@code app_user_profile}: the
 * benchmark's diagnostic baseline for what planning it on every call costs. Parameters: the membership limit, then the
 * sub.
 */
public final class FormerProfileLookup {
    public static final String INLINE_QUERY = """
            SELECT u.id, u.role, u.billing_plan, u.email, u.email_verified, m.workspace_id, m.role, w.name, w.personal
              FROM app_users u
              LEFT JOIN LATERAL (
                   SELECT wm.workspace_id, wm.role, wm.role_rank
                     FROM workspace_members wm
                    WHERE wm.user_id = u.id
                    ORDER BY wm.role_rank, wm.workspace_id
                    LIMIT ?) m ON true
              LEFT JOIN workspaces w ON w.id = m.workspace_id
             WHERE u.cognito_sub = ?
             ORDER BY m.role_rank, m.workspace_id""";

    private FormerProfileLookup() {
    }
}
