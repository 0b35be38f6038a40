package io.cognitosuite.postgres.testing;

/**
 * The statement {@code JdbcUserAuthorizations} sent before migration V5 moved it into {@code user_authorization}: the
 * reference the function is compared with ({@code UserAuthorizationFunctionIT}) and whose cost the benchmark's
 * {@code --explain} shows. Parameters: the membership limit, then the sub. Its row order is not guaranteed.
 */
public final class FormerTokenLookup {
    public static final String INLINE_QUERY = """
            SELECT u.id, u.role, u.billing_plan, m.workspace_id, m.role, m.workspace_id = u.personal_workspace_id
              FROM app_users u
              LEFT JOIN LATERAL (
                   SELECT wm.workspace_id, wm.role
                     FROM workspace_members wm
                    WHERE wm.user_id = u.id
                    ORDER BY wm.role_rank, wm.workspace_id
                    LIMIT ?) m ON true
             WHERE u.cognito_sub = ?
            """;

    private FormerTokenLookup() {
    }
}
