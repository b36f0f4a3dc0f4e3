-- Webhook signing secrets: the key each delivery's HMAC-SHA256 is computed with, so it must be kept as given
-- (a hash would not do). Never in an event: the registration event carries a fingerprint only. Written by the
-- webhook commands' handlers in the command's transaction; a removal erases the secret and keeps the row.
CREATE TABLE cs_webhook_secret (
    webhook_id  TEXT PRIMARY KEY,
    secret      TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    erased_at   TIMESTAMPTZ
);
