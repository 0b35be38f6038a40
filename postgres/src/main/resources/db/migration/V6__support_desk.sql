-- Why a user.confirmed message failed, written by the provisioning consumer so that support can read it
-- (cognito-suite dlq peek, users show) without searching the logs. One row per failing message key:
-- the idempotency key (userPoolId#sub) when the body could be read, else 'message:' || the SQS message id
-- (SQS keeps the message id when it moves a message to the dead-letter queue). detail is a fixed sentence
-- of ours that names a field or an SQL state, never a value from the message or the row.
CREATE TABLE provisioning_failures (
    failure_key     text        PRIMARY KEY,
    idempotency_key text,
    cognito_sub     text,
    message_id      text        NOT NULL,
    reason_code     text        NOT NULL,
    detail          text        NOT NULL,
    receive_count   integer     NOT NULL,
    failures        integer     NOT NULL DEFAULT 1,
    first_seen_at   timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    resolved_at     timestamptz,
    CONSTRAINT provisioning_failures_key_length CHECK (char_length(failure_key) BETWEEN 1 AND 400),
    CONSTRAINT provisioning_failures_reason_check CHECK (reason_code ~ '^[a-z][a-z_]{0,39}$'),
    CONSTRAINT provisioning_failures_detail_length CHECK (char_length(detail) <= 500)
);
CREATE INDEX provisioning_failures_cognito_sub ON provisioning_failures (cognito_sub) WHERE cognito_sub IS NOT NULL;
CREATE INDEX provisioning_failures_message_id ON provisioning_failures (message_id);

-- Every change support makes (redrive, reconcile, migrate, ...) is on the record: who, what, with which
-- arguments, how many, with what result, when. operator is never blank.
CREATE TABLE support_audit (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    operator    text        NOT NULL,
    action      text        NOT NULL,
    arguments   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    counts      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    result      text        NOT NULL,
    detail      text,
    request_id  text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    CONSTRAINT support_audit_operator_not_blank CHECK (char_length(btrim(operator)) BETWEEN 1 AND 256),
    CONSTRAINT support_audit_action_check CHECK (action ~ '^[a-z][a-z0-9 ._-]{0,63}$'),
    CONSTRAINT support_audit_result_check CHECK (result IN ('started', 'ok', 'failed', 'dry-run', 'interrupted'))
);
CREATE INDEX support_audit_started_at ON support_audit (started_at DESC);
