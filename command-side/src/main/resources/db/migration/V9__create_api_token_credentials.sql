-- API token credentials: what authentication checks a bearer token against. Only a salted SHA-256 of
-- each token's secret is kept, never the secret. Written by the token commands' handlers, in the
-- command's transaction (the hash is in the command, not in the event).
CREATE TABLE cs_api_token (
    token_id    TEXT PRIMARY KEY,
    actor       TEXT        NOT NULL,
    roles       TEXT[]      NOT NULL,
    expires_at  TIMESTAMPTZ,
    salt        BYTEA       NOT NULL,
    hash        BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);

-- The bootstrap check at startup: is any token still usable?
CREATE INDEX cs_api_token_active ON cs_api_token (token_id) WHERE revoked_at IS NULL;
