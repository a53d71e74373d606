-- E-mail is compared exactly, so it must already be normalised; roles are a closed set.
ALTER TABLE app_user ADD CONSTRAINT app_user_email_normalised CHECK (email = lower(btrim(email)));
ALTER TABLE app_user ADD CONSTRAINT app_user_role_known CHECK (role IN ('customer', 'admin'));
-- The admin user list pages in this order.
CREATE INDEX app_user_by_creation ON app_user (created_at, id);

-- A login: lives as long as its refresh tokens are used before they expire; revoked by logout or
-- by the reuse of a rotated refresh token. Access tokens carry its id as claim "sid".
CREATE TABLE user_session (
    id             UUID        PRIMARY KEY,
    user_id        UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT
);
CREATE INDEX user_session_by_user ON user_session (user_id);
CREATE INDEX user_session_by_expiry ON user_session (expires_at);

-- Every refresh token a session was given, by the SHA-256 of the token (the token itself is never
-- stored). A token is used once: rotated_at is set when it is exchanged; presenting it again
-- revokes its session.
CREATE TABLE refresh_token (
    token_hash BYTEA       PRIMARY KEY,
    session_id UUID        NOT NULL REFERENCES user_session (id) ON DELETE CASCADE,
    issued_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    rotated_at TIMESTAMPTZ
);
CREATE INDEX refresh_token_by_session ON refresh_token (session_id);
