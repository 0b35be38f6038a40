-- Token generation's one statement (V2) as a PL/pgSQL function, so that its plan is cached on the server.
-- Why: behind RDS Proxy the driver may not use named prepared statements (session state: the proxy pins the
-- session), so the statement is parsed and planned again on every call; planning this lateral join costs
-- several times its execution (EXPLAIN ANALYZE: about 0.19 ms planning against 0.06 ms execution; the README's
-- "Benchmarks" section has the figures). PL/pgSQL prepares the statements of a function once per server
-- session and keeps the plan (a generic plan once it is as cheap as the custom ones), which is invisible to
-- the client protocol: the call is an ordinary unnamed statement, nothing is left in the session that a
-- later transaction could depend on, and RDS Proxy keeps multiplexing. Each backend plans it once.
-- The rows and their order are those of the statement it replaces: the user's id, role and plan with the
-- first memberships (owner, admin, member, viewer, then workspace id), one row with null membership
-- columns for a user without any, no row for an unknown sub. The outer ORDER BY is what guarantees that order:
-- the caller keeps the first rows, and a join's output order is not guaranteed (least of all under a generic
-- plan); the lateral's ORDER BY only chooses which memberships are kept.
CREATE FUNCTION user_authorization(p_cognito_sub text, p_max_memberships integer)
    RETURNS TABLE (user_id uuid, user_role text, billing_plan text, workspace_id uuid, member_role text,
                   personal boolean)
    LANGUAGE plpgsql STABLE STRICT
    ROWS 8
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT u.id, u.role, u.billing_plan, m.workspace_id, m.role, m.workspace_id = u.personal_workspace_id
      FROM app_users u
      LEFT JOIN LATERAL (
           SELECT wm.workspace_id, wm.role, wm.role_rank
             FROM workspace_members wm
            WHERE wm.user_id = u.id
            ORDER BY wm.role_rank, wm.workspace_id
            LIMIT p_max_memberships) m ON true
     WHERE u.cognito_sub = p_cognito_sub
     ORDER BY m.role_rank, m.workspace_id;
END
$$;
