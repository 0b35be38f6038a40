-- GET /me's one statement (JdbcAppUserProfiles) as a PL/pgSQL function, for the reason V5 gives for the token
-- lookup: behind RDS Proxy the driver sends unnamed statements (prepareThreshold=0), so the server parses and plans
-- the lateral join on every call; inside a function the plan is prepared once per server session and kept, while
-- the client still sends one ordinary unnamed statement (nothing left in the session, the proxy keeps multiplexing).
-- The rows and their order are those of the statement it replaces: the user's id, role, plan, stored email and
-- whether it is verified, with the first memberships (owner, admin, member, viewer, then workspace id) and each
-- workspace's name and whether it is personal; one row with null membership columns for a user without any, no row
-- for an unknown sub.
CREATE FUNCTION app_user_profile(p_cognito_sub text, p_max_memberships integer)
    RETURNS TABLE (user_id uuid, user_role text, billing_plan text, email text, email_verified boolean,
                   workspace_id uuid, member_role text, workspace_name text, personal boolean)
    LANGUAGE plpgsql STABLE STRICT
    ROWS 8
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT u.id, u.role, u.billing_plan, u.email, u.email_verified, m.workspace_id, m.role, w.name, w.personal
      FROM app_users u
      LEFT JOIN LATERAL (
           SELECT wm.workspace_id, wm.role, wm.role_rank
             FROM workspace_members wm
            WHERE wm.user_id = u.id
            ORDER BY wm.role_rank, wm.workspace_id
            LIMIT p_max_memberships) m ON true
      LEFT JOIN workspaces w ON w.id = m.workspace_id
     WHERE u.cognito_sub = p_cognito_sub
     ORDER BY m.role_rank, m.workspace_id;
END
$$;
