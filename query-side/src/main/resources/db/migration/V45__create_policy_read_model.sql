-- The policy read model (processing group "policy-read-model", PolicyProjection): every published policy
-- version, and every decision a policy took on a governed command, allowed (from the command's own event)
-- or refused (PolicyDecisionRecorded). Both are append-only: a row per event, keyed by its global position.

CREATE TABLE rm_policy (
    name         VARCHAR(64)  NOT NULL,
    version      INTEGER      NOT NULL,
    document     TEXT         NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    published_by TEXT,
    published_at TIMESTAMPTZ  NOT NULL,
    position     BIGINT       NOT NULL,
    PRIMARY KEY (name, version)
);

-- policy(asOf:) without a name: the newest publication of any name at an instant.
CREATE INDEX rm_policy_published ON rm_policy (published_at, position);

CREATE TABLE rm_policy_decision (
    position       BIGINT       PRIMARY KEY,
    command        VARCHAR(32)  NOT NULL,
    model          VARCHAR(128) NOT NULL,
    version        INTEGER,
    environment    VARCHAR(64),
    service        VARCHAR(128),
    actor          TEXT,
    outcome        VARCHAR(16)  NOT NULL,
    policy_name    VARCHAR(64)  NOT NULL,
    policy_version INTEGER      NOT NULL,
    -- [{"rule", "requirement", "outcome", "reason"}]: every rule evaluated.
    rules          JSONB        NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL
);

CREATE INDEX rm_policy_decision_model ON rm_policy_decision (model, version, position);
