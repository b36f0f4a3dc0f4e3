-- The MLflow-shaped read model (rm_ml_*) (processing group "mlflow-read-model") that /api/2.0/mlflow/ answers from:
-- experiments, runs with their parameters, tags, metric history and latest metrics, inputs, and the registry
-- as MLflow describes it (stages, descriptions, aliases). Times are epoch milliseconds, as MLflow sends them.
-- Rows are keyed by what they describe or by the producing event's position, so a replay changes nothing.

CREATE TABLE rm_ml_experiment (
    id                VARCHAR(64) PRIMARY KEY,
    name              TEXT        NOT NULL,
    artifact_location TEXT,
    lifecycle_stage   VARCHAR(8)  NOT NULL,
    creation_time     BIGINT      NOT NULL,
    last_update_time  BIGINT      NOT NULL,
    tags              JSONB       NOT NULL DEFAULT '{}'::jsonb,
    last_position     BIGINT      NOT NULL
);

CREATE INDEX rm_ml_experiment_name ON rm_ml_experiment (name);

CREATE TABLE rm_ml_run (
    run_id          VARCHAR(128) PRIMARY KEY,
    experiment_id   VARCHAR(64),
    run_name        TEXT,
    user_id         TEXT,
    status          VARCHAR(16)  NOT NULL,
    start_time      BIGINT       NOT NULL,
    end_time        BIGINT,
    lifecycle_stage VARCHAR(8)   NOT NULL,
    last_position   BIGINT       NOT NULL
);

-- runs/search's default order within experiments (start_time DESC, run_id) and its attribute filters.
CREATE INDEX rm_ml_run_experiment_start ON rm_ml_run (experiment_id, start_time DESC, run_id);

CREATE TABLE rm_ml_run_param (
    run_id VARCHAR(128) NOT NULL,
    key    VARCHAR(250) NOT NULL,
    value  TEXT         NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE INDEX rm_ml_run_param_key_value ON rm_ml_run_param (key, value, run_id);

CREATE TABLE rm_ml_run_tag (
    run_id VARCHAR(128) NOT NULL,
    key    VARCHAR(250) NOT NULL,
    value  TEXT         NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE INDEX rm_ml_run_tag_key_value ON rm_ml_run_tag (key, left(value, 200), run_id);

-- Every observation, for metrics/get-history.
CREATE TABLE rm_ml_run_metric (
    run_id    VARCHAR(128)     NOT NULL,
    position  BIGINT           NOT NULL,
    ordinal   INTEGER          NOT NULL,
    key       VARCHAR(250)     NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    timestamp BIGINT           NOT NULL,
    step      BIGINT           NOT NULL,
    PRIMARY KEY (run_id, position, ordinal)
);

CREATE INDEX rm_ml_run_metric_key ON rm_ml_run_metric (run_id, key, position, ordinal);

-- The latest observation per metric (highest step, then timestamp, then value, as MLflow chooses): what a
-- run answers and what metric filters and orderings of runs/search compare.
CREATE TABLE rm_ml_run_latest_metric (
    run_id    VARCHAR(128)     NOT NULL,
    key       VARCHAR(250)     NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    timestamp BIGINT           NOT NULL,
    step      BIGINT           NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE INDEX rm_ml_run_latest_metric_key_value ON rm_ml_run_latest_metric (key, value, run_id);

CREATE TABLE rm_ml_run_input (
    run_id   VARCHAR(128) NOT NULL,
    dataset  VARCHAR(512) NOT NULL,
    version  VARCHAR(128) NOT NULL,
    digest   VARCHAR(71)  NOT NULL,
    position BIGINT       NOT NULL,
    PRIMARY KEY (run_id, dataset, version)
);

CREATE TABLE rm_ml_registered_model (
    name                   VARCHAR(128) PRIMARY KEY,
    description            TEXT,
    user_id                TEXT,
    creation_timestamp     BIGINT       NOT NULL,
    last_updated_timestamp BIGINT       NOT NULL,
    last_position          BIGINT       NOT NULL
);

CREATE TABLE rm_ml_model_version (
    name                   VARCHAR(128) NOT NULL,
    version                INTEGER      NOT NULL,
    run_id                 VARCHAR(128) NOT NULL,
    source                 TEXT,
    description            TEXT,
    user_id                TEXT,
    current_stage          VARCHAR(16)  NOT NULL DEFAULT 'None',
    creation_timestamp     BIGINT       NOT NULL,
    last_updated_timestamp BIGINT       NOT NULL,
    last_position          BIGINT       NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE INDEX rm_ml_model_version_run ON rm_ml_model_version (run_id);

CREATE TABLE rm_ml_model_alias (
    name    VARCHAR(128) NOT NULL,
    alias   VARCHAR(64)  NOT NULL,
    version INTEGER      NOT NULL,
    PRIMARY KEY (name, alias)
);
