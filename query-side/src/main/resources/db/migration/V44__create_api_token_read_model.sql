-- The API tokens as apiTokens lists them: from ApiTokenCreated and ApiTokenRevoked, so never a secret
-- or a hash (those live only in the command side's cs_api_token).
CREATE TABLE rm_api_token (
    token_id       TEXT PRIMARY KEY,
    actor          TEXT        NOT NULL,
    roles          TEXT[]      NOT NULL,
    expires_at     TIMESTAMPTZ,
    description    TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT        NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_by     TEXT,
    revoke_reason  TEXT
);

CREATE INDEX rm_api_token_created ON rm_api_token (created_at DESC, token_id DESC);
