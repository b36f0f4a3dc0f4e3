-- Facts about other aggregates that command rules need (does this dataset version exist, is this run
-- completed, who trained this model version). Written by the subscribing processor "command-lookups"
-- in the same transaction that appends the events, so a rule never sees a fact the store does not
-- hold, nor misses one it does. Never read by the query side: read models may lag, these may not.

CREATE TABLE cs_dataset_version (
    dataset     VARCHAR(512) NOT NULL,
    version     VARCHAR(128) NOT NULL,
    digest      VARCHAR(71)  NOT NULL,
    quarantined BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (dataset, version)
);

CREATE TABLE cs_run (
    run_id     VARCHAR(128) PRIMARY KEY,
    status     VARCHAR(16)  NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    started_by TEXT,
    dirty      BOOLEAN      NOT NULL,
    -- [{"dataset": ..., "version": ..., "digest": ...}]: the versions the run read, with their digests.
    inputs     JSONB        NOT NULL DEFAULT '[]'::jsonb
);

CREATE TABLE cs_model (
    model VARCHAR(128) PRIMARY KEY
);

CREATE TABLE cs_model_version (
    model                  VARCHAR(128) NOT NULL,
    version                INTEGER      NOT NULL,
    run_id                 VARCHAR(128) NOT NULL,
    artifact_digest        VARCHAR(71),
    archived               BOOLEAN      NOT NULL DEFAULT FALSE,
    -- Copied from the run when the version is registered: the production gates read them per version.
    trained_by             TEXT,
    dirty                  BOOLEAN      NOT NULL,
    last_validation_passed BOOLEAN,
    approvers              TEXT[]       NOT NULL DEFAULT '{}',
    inputs                 JSONB        NOT NULL DEFAULT '[]'::jsonb,
    PRIMARY KEY (model, version)
);

-- A re-sent registration finds the number it was given by (model, run, artifact digest).
CREATE INDEX cs_model_version_run ON cs_model_version (model, run_id);

-- Liveness as intervals, never a flag overwritten: each deployment event opens at most one interval
-- (keyed by the deployment stream's sequence number) and closes others.
CREATE TABLE cs_deployment_interval (
    environment VARCHAR(64)      NOT NULL,
    service     VARCHAR(128)     NOT NULL,
    opened_seq  BIGINT           NOT NULL,
    model       VARCHAR(128)     NOT NULL,
    version     INTEGER          NOT NULL,
    canary      BOOLEAN          NOT NULL,
    share       DOUBLE PRECISION,
    from_time   TIMESTAMPTZ      NOT NULL,
    to_time     TIMESTAMPTZ,
    closed_seq  BIGINT,
    PRIMARY KEY (environment, service, opened_seq)
);

CREATE INDEX cs_deployment_interval_open ON cs_deployment_interval (environment, service) WHERE to_time IS NULL;
