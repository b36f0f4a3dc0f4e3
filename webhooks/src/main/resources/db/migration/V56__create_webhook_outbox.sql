-- Webhooks (docs/webhooks.md), kept by the tracking processor webhook-outbox and the delivery worker. Not a
-- read model: these tables are never rebuilt, since the delivery log is the record of what was sent.

-- The registry as of the processor's position: which webhooks receive what. Never deleted: a removed webhook
-- keeps its row (state REMOVED). The secret is not here (cs_webhook_secret).
CREATE TABLE wh_webhook (
    webhook_id          TEXT PRIMARY KEY,
    url                 TEXT        NOT NULL,
    kinds               TEXT[]      NOT NULL,
    secret_fingerprint  TEXT        NOT NULL,
    description         TEXT,
    state               TEXT        NOT NULL CHECK (state IN ('ACTIVE', 'DISABLED', 'REMOVED')),
    state_reason        TEXT,
    registered_position BIGINT      NOT NULL,
    registered_at       TIMESTAMPTZ NOT NULL,
    registered_by       TEXT        NOT NULL,
    changed_at          TIMESTAMPTZ,
    changed_by          TEXT
);

-- The outbox: one row per (webhook, notifying event), its body rendered once, so every attempt sends the same
-- bytes. delivery_id is md5(webhook id '/' event id) as a uuid: stable across restarts and replays.
CREATE TABLE wh_delivery (
    delivery_id      UUID PRIMARY KEY,
    webhook_id       TEXT        NOT NULL REFERENCES wh_webhook (webhook_id),
    event_id         TEXT        NOT NULL,
    position         BIGINT      NOT NULL,
    kind             TEXT        NOT NULL,
    event_type       TEXT        NOT NULL,
    body             BYTEA       NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
    attempts         INT         NOT NULL,
    next_attempt_at  TIMESTAMPTZ,
    leased_until     TIMESTAMPTZ,
    last_status_code INT,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ,
    UNIQUE (webhook_id, event_id)
);

-- The worker's poll: pending rows by due time.
CREATE INDEX wh_delivery_due ON wh_delivery (next_attempt_at) WHERE state = 'PENDING';
-- webhookDeliveries: a webhook's deliveries, newest event first.
CREATE INDEX wh_delivery_by_webhook ON wh_delivery (webhook_id, position DESC, delivery_id DESC);

-- Every attempt, as it ended: the HTTP status or the error, and when the next one is due.
CREATE TABLE wh_delivery_attempt (
    delivery_id     UUID        NOT NULL REFERENCES wh_delivery (delivery_id),
    attempt         INT         NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    duration_ms     BIGINT      NOT NULL,
    status_code     INT,
    error           TEXT,
    outcome         TEXT        NOT NULL CHECK (outcome IN ('DELIVERED', 'RETRY', 'GAVE_UP', 'CANCELLED')),
    next_attempt_at TIMESTAMPTZ,
    PRIMARY KEY (delivery_id, attempt)
);
