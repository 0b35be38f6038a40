-- Post-authentication records every sign-in: when the user last signed in, and how often.
ALTER TABLE app_users
    ADD COLUMN last_sign_in_at timestamptz,
    ADD COLUMN sign_in_count integer NOT NULL DEFAULT 0;
