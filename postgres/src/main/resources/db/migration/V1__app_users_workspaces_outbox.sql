-- The app's own view of a user. Cognito owns identity; this row owns authorization facts.
-- cognito_sub is the key from Cognito; its UNIQUE constraint is the only index it needs.
CREATE TABLE app_users (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    cognito_sub    text        NOT NULL,
    user_pool_id   text        NOT NULL,
    username       text        NOT NULL,
    email          text,
    email_verified boolean     NOT NULL DEFAULT false,
    display_name   text,
    role           text        NOT NULL DEFAULT 'user',
    billing_plan   text        NOT NULL DEFAULT 'free',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_users_cognito_sub_key UNIQUE (cognito_sub),
    CONSTRAINT app_users_cognito_sub_length CHECK (char_length(cognito_sub) BETWEEN 1 AND 128),
    CONSTRAINT app_users_role_check CHECK (role ~ '^[a-z][a-z0-9_-]{0,31}$'),
    CONSTRAINT app_users_billing_plan_check CHECK (billing_plan ~ '^[a-z][a-z0-9_-]{0,31}$')
);

CREATE TABLE workspaces (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name          text        NOT NULL,
    owner_user_id uuid        NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
    personal      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- At most one personal workspace per user: a last line of defence behind the idempotent consumer.
CREATE UNIQUE INDEX workspaces_one_personal_per_owner ON workspaces (owner_user_id) WHERE personal;
CREATE INDEX workspaces_owner_user_id ON workspaces (owner_user_id) WHERE NOT personal;

CREATE TABLE workspace_members (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      uuid        NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
    role         text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id),
    CONSTRAINT workspace_members_role_check CHECK (role IN ('owner', 'admin', 'member', 'viewer'))
);
-- The primary key serves lookups by workspace; token generation looks members up by user.
CREATE INDEX workspace_members_user_id ON workspace_members (user_id);

-- Domain events written in the same transaction as the change they describe (transactional outbox).
CREATE TABLE outbox_events (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    event_type       text        NOT NULL,
    event_version    integer     NOT NULL,
    aggregate_type   text        NOT NULL,
    aggregate_id     uuid        NOT NULL,
    payload          jsonb       NOT NULL,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    published_at     timestamptz,
    publish_attempts integer     NOT NULL DEFAULT 0,
    last_error       text
);
CREATE INDEX outbox_events_unpublished ON outbox_events (occurred_at) WHERE published_at IS NULL;
