-- Read model of training runs, kept by the run-read-model processing group. The run row guards its
-- updates with last_position; child rows are keyed by the global position of the event that produced
-- them (plus their index in it) and inserted with ON CONFLICT DO NOTHING. A replay changes nothing.
CREATE TABLE rm_run (
    id               VARCHAR(128) PRIMARY KEY,
    experiment       VARCHAR(512),
    status           VARCHAR(16)  NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    code_repository  TEXT,
    code_commit      VARCHAR(40),
    code_dirty       BOOLEAN,
    hyperparameters  JSONB        NOT NULL DEFAULT '{}',
    environment      JSONB,
    started_by       VARCHAR(256),
    -- started_at is when the emitter says the run started (eventTime), else when Custody recorded it.
    started_at       TIMESTAMPTZ  NOT NULL,
    recorded_by      VARCHAR(256),
    recorded_at      TIMESTAMPTZ  NOT NULL,
    ended_at         TIMESTAMPTZ,
    ended_by         VARCHAR(256),
    failure_reason   TEXT,
    started_position BIGINT       NOT NULL,
    last_position    BIGINT       NOT NULL
);

CREATE INDEX rm_run_experiment ON rm_run (experiment, id);
CREATE INDEX rm_run_code_commit ON rm_run (code_commit);

-- The dataset versions a run read, with the digest each had when the run started.
CREATE TABLE rm_run_input (
    run     VARCHAR(128) NOT NULL REFERENCES rm_run (id),
    ordinal INTEGER      NOT NULL,
    dataset VARCHAR(512) NOT NULL,
    version VARCHAR(128) NOT NULL,
    digest  VARCHAR(71)  NOT NULL,
    PRIMARY KEY (run, ordinal)
);

-- Impact analysis starts from a dataset version and looks for the runs that read it.
CREATE INDEX rm_run_input_dataset_version ON rm_run_input (dataset, version);

-- Every metric observation, in the order it was logged: (position, ordinal) is the MetricsLogged event
-- and the observation's index in it, so two identical observations logged twice both stay.
CREATE TABLE rm_run_metric (
    run         VARCHAR(128)     NOT NULL REFERENCES rm_run (id),
    position    BIGINT           NOT NULL,
    ordinal     INTEGER          NOT NULL,
    name        VARCHAR(256)     NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    step        BIGINT           NOT NULL,
    measured_at TIMESTAMPTZ,
    PRIMARY KEY (run, position, ordinal)
);

CREATE INDEX rm_run_metric_name ON rm_run_metric (run, name, position, ordinal);

-- The latest observation per metric name, as MLflow defines it: highest step, then newest timestamp;
-- the log position breaks the remaining ties. Kept so "latest" never scans a run's whole history.
CREATE TABLE rm_run_metric_latest (
    run         VARCHAR(128)     NOT NULL REFERENCES rm_run (id),
    name        VARCHAR(256)     NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    step        BIGINT           NOT NULL,
    measured_at TIMESTAMPTZ,
    position    BIGINT           NOT NULL,
    ordinal     INTEGER          NOT NULL,
    PRIMARY KEY (run, name)
);

CREATE TABLE rm_run_artifact (
    run       VARCHAR(128) NOT NULL REFERENCES rm_run (id),
    position  BIGINT       NOT NULL,
    name      VARCHAR(512) NOT NULL,
    uri       TEXT         NOT NULL,
    digest    VARCHAR(71),
    logged_at TIMESTAMPTZ  NOT NULL,
    logged_by VARCHAR(256),
    PRIMARY KEY (run, position)
);

CREATE INDEX rm_run_artifact_digest ON rm_run_artifact (digest);
