-- Every change an app administrator makes through the API (PUT /admin/users/{sub}/role, POST /admin/users) is on
-- the record, written in the transaction that makes the change, with its app_user.role_changed outbox event:
-- who (the actor's app user id and sub, as the API identified them from the verified token, never from the
-- request), whom (the target's id and sub), the role and plan before (read under the row lock) and after, and
-- the request id (the gateway's; 'unknown' when it is not shaped like one). No email, no name: ids only.
-- No foreign keys on purpose: the record outlives the users it names (deleting a user keeps its history).
-- For an invitation, before is the row as provisioning left it (V1's defaults for a new user).
CREATE TABLE admin_audit (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    action             text        NOT NULL,
    occurred_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_app_user_id  uuid        NOT NULL,
    actor_sub          text        NOT NULL,
    target_app_user_id uuid        NOT NULL,
    target_sub         text        NOT NULL,
    before_role        text        NOT NULL,
    before_plan        text        NOT NULL,
    after_role         text        NOT NULL,
    after_plan         text        NOT NULL,
    request_id         text        NOT NULL,
    CONSTRAINT admin_audit_action_check CHECK (action IN ('role_change', 'invite')),
    CONSTRAINT admin_audit_actor_sub_length CHECK (char_length(actor_sub) BETWEEN 1 AND 128),
    CONSTRAINT admin_audit_target_sub_length CHECK (char_length(target_sub) BETWEEN 1 AND 128),
    CONSTRAINT admin_audit_request_id_length CHECK (char_length(request_id) BETWEEN 1 AND 128)
);
-- "What happened to this user", newest first.
CREATE INDEX admin_audit_target ON admin_audit (target_app_user_id, occurred_at DESC);
