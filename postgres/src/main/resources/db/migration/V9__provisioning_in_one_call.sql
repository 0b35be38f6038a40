-- The consumer's provisioning of one batch (JdbcAppUsers) as one PL/pgSQL function: one round trip instead of seven
-- (six statements, each parsed and planned again on every call under prepareThreshold=0, the reason V5 gives, and the
-- commit), and no separate UPDATE to link each new user to its personal workspace. Measured before (issue 13,
-- benchmarks --consumer, batches of 10): six statements of about 0.5 ms each seen from the client, of which the
-- server's execution was about 0.2 ms; the rest was the round trip, parsing, planning and the driver's work per
-- statement. The README of the postgres module has the figures.
--
-- What it does is what the six statements did, atomically (one statement: its own transaction in auto-commit, as
-- JdbcAppUsers.provision calls it, or part of the caller's, as JdbcAdminUserChanges does):
--   * the users missing from app_users are inserted in cognito_sub order, ON CONFLICT (cognito_sub) DO NOTHING (two
--     concurrent batches that share users wait for each other on the unique index in the same order and cannot
--     deadlock; the second sees the first one's rows as conflicts and creates nothing for them);
--   * for each user inserted, and only for those: the personal workspace, the owner membership, the link from
--     app_users.personal_workspace_id, and one app_user.created outbox event whose payload is the contract's
--     (core's AppUserCreatedEvent: version, appUserId, cognitoSub, userPoolId, personalWorkspaceId and createdAt, the
--     row's created_at as java.time.Instant prints it);
--   * a row for every distinct sub given: the users inserted (created = true), then those that were there already
--     (created = false), looked up by a second statement with a snapshot of its own, so that a user committed by a
--     concurrent batch while the insert waited for it is found (a data-modifying CTE's statement would not see it);
--     a sub neither inserted nor found (a row deleted in between) fails the whole call with SQL state 40001.
-- The personal workspace's id is drawn with the user's row (gen_random_uuid(), the column's own default), so the row
-- is written once with its link, instead of inserted and then updated; the two foreign keys between the rows are
-- checked at the end of the statement that writes both.

-- First, a timestamp as java.time.Instant.toString() prints it (ISO-8601 in UTC, the fraction in groups of three
-- digits, none when zero: 2026-12-01T09:15:00Z, 2026-12-01T09:15:00.120Z, 2026-12-01T09:15:00.123456Z), for the
-- outbox payloads written in SQL to read as those written in Java. Years 0 to 9999 (Instant prints a sign beyond).
-- Not STRICT, so that the planner inlines it: a STRICT SQL function around a CASE is called row by row instead,
-- which made the outbox insert of a batch of 10 measurably slower.
CREATE FUNCTION instant_text(p_at timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN extract(microseconds FROM p_at)::bigint % 1000000 = 0 THEN ''
                WHEN extract(microseconds FROM p_at)::bigint % 1000 = 0 THEN to_char(p_at AT TIME ZONE 'UTC', '.MS')
                ELSE to_char(p_at AT TIME ZONE 'UTC', '.US') END
        || 'Z'
$$;

CREATE FUNCTION provision_app_users(p_subs text[], p_user_pool_ids text[], p_usernames text[], p_emails text[],
                                    p_emails_verified boolean[], p_display_names text[], p_workspace_name text,
                                    p_event_type text, p_event_version integer)
    RETURNS TABLE (cognito_sub text, app_user_id uuid, created boolean)
    LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
DECLARE
    v_created_subs text[];
    v_created_ids uuid[];
    v_found bigint;
BEGIN
    WITH inserted AS (
        INSERT INTO app_users (cognito_sub, user_pool_id, username, email, email_verified, display_name,
                               personal_workspace_id)
        SELECT sub, pool, username, email, verified, display_name, gen_random_uuid()
          FROM unnest(p_subs, p_user_pool_ids, p_usernames, p_emails, p_emails_verified, p_display_names)
               AS u(sub, pool, username, email, verified, display_name)
         ORDER BY sub
        ON CONFLICT (cognito_sub) DO NOTHING
        RETURNING id, cognito_sub, user_pool_id, created_at, personal_workspace_id
    ), personal_workspaces AS (
        INSERT INTO workspaces (id, owner_user_id, name, personal)
        SELECT personal_workspace_id, id, p_workspace_name, true FROM inserted
    ), owners AS (
        INSERT INTO workspace_members (workspace_id, user_id, role)
        SELECT personal_workspace_id, id, 'owner' FROM inserted
    ), events AS (
        INSERT INTO outbox_events (event_type, event_version, aggregate_type, aggregate_id, payload)
        SELECT p_event_type, p_event_version, 'app_user', id,
               jsonb_build_object('version', p_event_version, 'appUserId', id, 'cognitoSub', cognito_sub,
                                  'userPoolId', user_pool_id, 'personalWorkspaceId', personal_workspace_id,
                                  'createdAt', instant_text(created_at))
          FROM inserted
         ORDER BY cognito_sub
    )
    SELECT coalesce(array_agg(i.cognito_sub), '{}'), coalesce(array_agg(i.id), '{}')
      INTO v_created_subs, v_created_ids
      FROM inserted i;

    RETURN QUERY
    SELECT c.sub, c.id, true FROM unnest(v_created_subs, v_created_ids) AS c(sub, id);
    IF cardinality(v_created_subs) < cardinality(p_subs) THEN
        RETURN QUERY
        SELECT a.cognito_sub, a.id, false
          FROM app_users a
         WHERE a.cognito_sub = ANY (p_subs)
           AND a.cognito_sub <> ALL (v_created_subs);
        GET DIAGNOSTICS v_found = ROW_COUNT;
        -- Only possible if a row was deleted between the insert and the lookup: the whole call fails and writes
        -- nothing (the caller may run it in auto-commit), with the state a concurrent conflict has, so it is retried.
        IF cardinality(v_created_subs) + v_found < (SELECT count(DISTINCT s) FROM unnest(p_subs) AS s) THEN
            RAISE EXCEPTION 'provision_app_users: a user was neither inserted nor found' USING ERRCODE = '40001';
        END IF;
    END IF;
END
$$;
