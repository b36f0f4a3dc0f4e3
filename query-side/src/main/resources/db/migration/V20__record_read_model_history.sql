-- Temporal read models (docs/time-travel.md). The current-state tables stay as they are, so today's
-- queries keep their plans; beside each table whose rows change, a history table keeps every state a
-- row has been in, one row per state:
--   valid_from_position / valid_to_position  the global positions of the event that made the state
--                                            and of the one that replaced it (NULL while current);
--   recorded_from / recorded_to              when Custody recorded those events (knowledge time);
--   event_from / event_to                    when their emitters say they happened (event time, the
--                                            recorded time when the emitter gave none).
-- A state is written in the projection's transaction, only when the current row took the event (its
-- position column equals the event's position), so a replay or a redelivered batch adds nothing.
-- "As of T" is the newest state with recorded_from (or event_from) <= T: one backward step on the
-- (key, time) index, whatever the length of the history.

CREATE TABLE rm_dataset_history (
    name                VARCHAR(512) NOT NULL,
    namespace           VARCHAR(512) NOT NULL,
    short_name          VARCHAR(256) NOT NULL,
    owner               VARCHAR(128) NOT NULL,
    description         TEXT,
    tags                TEXT[]       NOT NULL,
    deprecated          BOOLEAN      NOT NULL,
    deprecation_reason  TEXT,
    version_count       INTEGER      NOT NULL,
    registered_at       TIMESTAMPTZ  NOT NULL,
    registered_by       VARCHAR(256),
    registered_position BIGINT       NOT NULL,
    last_position       BIGINT       NOT NULL,
    valid_from_position BIGINT       NOT NULL,
    valid_to_position   BIGINT,
    recorded_from       TIMESTAMPTZ  NOT NULL,
    recorded_to         TIMESTAMPTZ,
    event_from          TIMESTAMPTZ  NOT NULL,
    event_to            TIMESTAMPTZ,
    PRIMARY KEY (name, valid_from_position)
);
CREATE INDEX rm_dataset_history_recorded ON rm_dataset_history (name, recorded_from);
CREATE INDEX rm_dataset_history_event ON rm_dataset_history (name, event_from);

CREATE TABLE rm_dataset_version_history (
    dataset             VARCHAR(512) NOT NULL,
    version             VARCHAR(128) NOT NULL,
    location            TEXT         NOT NULL,
    digest              VARCHAR(71)  NOT NULL,
    schema_fields       JSONB        NOT NULL,
    row_count           BIGINT,
    tags                TEXT[]       NOT NULL,
    profile             JSONB        NOT NULL,
    produced_by_run     VARCHAR(512),
    quarantined         BOOLEAN      NOT NULL,
    quarantine_reason   TEXT,
    quarantined_at      TIMESTAMPTZ,
    quarantined_by      VARCHAR(256),
    registered_at       TIMESTAMPTZ  NOT NULL,
    registered_by       VARCHAR(256),
    registered_position BIGINT       NOT NULL,
    last_position       BIGINT       NOT NULL,
    valid_from_position BIGINT       NOT NULL,
    valid_to_position   BIGINT,
    recorded_from       TIMESTAMPTZ  NOT NULL,
    recorded_to         TIMESTAMPTZ,
    event_from          TIMESTAMPTZ  NOT NULL,
    event_to            TIMESTAMPTZ,
    PRIMARY KEY (dataset, version, valid_from_position)
);
CREATE INDEX rm_dataset_version_history_recorded ON rm_dataset_version_history (dataset, version, recorded_from);
CREATE INDEX rm_dataset_version_history_event ON rm_dataset_version_history (dataset, version, event_from);

CREATE TABLE rm_run_history (
    id                  VARCHAR(128) NOT NULL,
    experiment          VARCHAR(512),
    status              VARCHAR(16)  NOT NULL,
    code_repository     TEXT,
    code_commit         VARCHAR(40),
    code_dirty          BOOLEAN,
    hyperparameters     JSONB        NOT NULL,
    environment         JSONB,
    started_by          VARCHAR(256),
    started_at          TIMESTAMPTZ  NOT NULL,
    recorded_by         VARCHAR(256),
    recorded_at         TIMESTAMPTZ  NOT NULL,
    ended_at            TIMESTAMPTZ,
    ended_by            VARCHAR(256),
    failure_reason      TEXT,
    started_position    BIGINT       NOT NULL,
    last_position       BIGINT       NOT NULL,
    valid_from_position BIGINT       NOT NULL,
    valid_to_position   BIGINT,
    recorded_from       TIMESTAMPTZ  NOT NULL,
    recorded_to         TIMESTAMPTZ,
    event_from          TIMESTAMPTZ  NOT NULL,
    event_to            TIMESTAMPTZ,
    PRIMARY KEY (id, valid_from_position)
);
CREATE INDEX rm_run_history_recorded ON rm_run_history (id, recorded_from);
CREATE INDEX rm_run_history_event ON rm_run_history (id, event_from);

-- The latest observation per metric name, through time.
CREATE TABLE rm_run_metric_latest_history (
    run                 VARCHAR(128)     NOT NULL,
    name                VARCHAR(256)     NOT NULL,
    value               DOUBLE PRECISION NOT NULL,
    step                BIGINT           NOT NULL,
    measured_at         TIMESTAMPTZ,
    position            BIGINT           NOT NULL,
    ordinal             INTEGER          NOT NULL,
    valid_from_position BIGINT           NOT NULL,
    valid_to_position   BIGINT,
    recorded_from       TIMESTAMPTZ      NOT NULL,
    recorded_to         TIMESTAMPTZ,
    event_from          TIMESTAMPTZ      NOT NULL,
    event_to            TIMESTAMPTZ,
    PRIMARY KEY (run, name, valid_from_position)
);
CREATE INDEX rm_run_metric_latest_history_recorded ON rm_run_metric_latest_history (run, name, recorded_from);
CREATE INDEX rm_run_metric_latest_history_event ON rm_run_metric_latest_history (run, name, event_from);

-- Facts of one event need only the two times at which they became known and happened.
ALTER TABLE rm_run_metric ADD COLUMN recorded_at TIMESTAMPTZ;
ALTER TABLE rm_run_metric ADD COLUMN happened_at TIMESTAMPTZ;
ALTER TABLE rm_run_artifact ADD COLUMN recorded_at TIMESTAMPTZ;

CREATE TABLE rm_model_history (
    name                VARCHAR(128) NOT NULL,
    owner               VARCHAR(128) NOT NULL,
    domain              VARCHAR(128),
    risk_tier           VARCHAR(16),
    description         TEXT,
    version_count       INTEGER      NOT NULL,
    registered_at       TIMESTAMPTZ  NOT NULL,
    registered_by       VARCHAR(256),
    recorded_at         TIMESTAMPTZ  NOT NULL,
    registered_position BIGINT       NOT NULL,
    last_position       BIGINT       NOT NULL,
    valid_from_position BIGINT       NOT NULL,
    valid_to_position   BIGINT,
    recorded_from       TIMESTAMPTZ  NOT NULL,
    recorded_to         TIMESTAMPTZ,
    event_from          TIMESTAMPTZ  NOT NULL,
    event_to            TIMESTAMPTZ,
    PRIMARY KEY (name, valid_from_position)
);
CREATE INDEX rm_model_history_recorded ON rm_model_history (name, recorded_from);
CREATE INDEX rm_model_history_event ON rm_model_history (name, event_from);

CREATE TABLE rm_model_version_history (
    model               VARCHAR(128) NOT NULL,
    version             INTEGER      NOT NULL,
    run                 VARCHAR(128),
    artifact_uri        TEXT,
    artifact_digest     VARCHAR(71),
    input_signature     TEXT,
    description         TEXT,
    archived            BOOLEAN      NOT NULL,
    archived_reason     TEXT,
    archived_at         TIMESTAMPTZ,
    archived_by         VARCHAR(256),
    registered_at       TIMESTAMPTZ  NOT NULL,
    registered_by       VARCHAR(256),
    recorded_at         TIMESTAMPTZ  NOT NULL,
    registered_position BIGINT       NOT NULL,
    last_position       BIGINT       NOT NULL,
    valid_from_position BIGINT       NOT NULL,
    valid_to_position   BIGINT,
    recorded_from       TIMESTAMPTZ  NOT NULL,
    recorded_to         TIMESTAMPTZ,
    event_from          TIMESTAMPTZ  NOT NULL,
    event_to            TIMESTAMPTZ,
    PRIMARY KEY (model, version, valid_from_position)
);
CREATE INDEX rm_model_version_history_recorded ON rm_model_version_history (model, version, recorded_from);
CREATE INDEX rm_model_version_history_event ON rm_model_version_history (model, version, event_from);
CREATE INDEX rm_model_version_history_run ON rm_model_version_history (run);

CREATE TABLE rm_model_alias_history (
    model               VARCHAR(128) NOT NULL,
    alias               VARCHAR(64)  NOT NULL,
    version             INTEGER,
    changed_at          TIMESTAMPTZ  NOT NULL,
    changed_by          VARCHAR(256),
    position            BIGINT       NOT NULL,
    valid_from_position BIGINT       NOT NULL,
    valid_to_position   BIGINT,
    recorded_from       TIMESTAMPTZ  NOT NULL,
    recorded_to         TIMESTAMPTZ,
    event_from          TIMESTAMPTZ  NOT NULL,
    event_to            TIMESTAMPTZ,
    PRIMARY KEY (model, alias, valid_from_position)
);
CREATE INDEX rm_model_alias_history_recorded ON rm_model_alias_history (model, alias, recorded_from);
CREATE INDEX rm_model_alias_history_event ON rm_model_alias_history (model, alias, event_from);

-- Validations and approvals already carry recorded_at and their own event time; as-of reads filter
-- them per model version.
CREATE INDEX rm_model_validation_recorded ON rm_model_validation (model, version, recorded_at);
CREATE INDEX rm_model_approval_recorded ON rm_model_approval (model, version, recorded_at);

-- Deployments: the row's own states (first and last change), and the liveness intervals, which were
-- temporal from the start and now answer "live at T" on either clock through range indexes. An
-- interval recorded with an end before its start (an emitter's clock behind an earlier report) is
-- empty: it was never live, on that clock.
ALTER TABLE rm_deployment ADD COLUMN first_recorded_at TIMESTAMPTZ;

CREATE TABLE rm_deployment_history (
    environment         VARCHAR(64)  NOT NULL,
    service             VARCHAR(128) NOT NULL,
    first_at            TIMESTAMPTZ  NOT NULL,
    first_recorded_at   TIMESTAMPTZ,
    first_position      BIGINT       NOT NULL,
    last_changed_at     TIMESTAMPTZ  NOT NULL,
    last_position       BIGINT       NOT NULL,
    valid_from_position BIGINT       NOT NULL,
    valid_to_position   BIGINT,
    recorded_from       TIMESTAMPTZ  NOT NULL,
    recorded_to         TIMESTAMPTZ,
    event_from          TIMESTAMPTZ  NOT NULL,
    event_to            TIMESTAMPTZ,
    PRIMARY KEY (environment, service, valid_from_position)
);
CREATE INDEX rm_deployment_history_recorded ON rm_deployment_history (environment, service, recorded_from);
CREATE INDEX rm_deployment_history_event ON rm_deployment_history (environment, service, event_from);

CREATE INDEX rm_deployment_interval_live_recorded ON rm_deployment_interval USING gist (
    tstzrange(from_recorded_at, CASE WHEN to_recorded_at < from_recorded_at THEN from_recorded_at ELSE to_recorded_at END));
CREATE INDEX rm_deployment_interval_live_event ON rm_deployment_interval USING gist (
    tstzrange(from_time, CASE WHEN to_time < from_time THEN from_time ELSE to_time END));

-- Predictions: when Custody learned the outcome, beside when it was observed.
ALTER TABLE rm_prediction ADD COLUMN outcome_recorded_at TIMESTAMPTZ;
UPDATE rm_prediction p
   SET outcome_recorded_at = CAST(e.time_stamp AS TIMESTAMPTZ)
  FROM domain_event_entry e
 WHERE e.global_index = p.outcome_position;

-- An existing install has current rows but no history. The store is the truth and every projection is
-- replay-safe, so these read models are emptied and their processors start again from the first
-- event (a fresh install has nothing to empty). Predictions are kept: their new column is filled above.
TRUNCATE rm_dataset_version, rm_dataset, rm_run_input, rm_run_metric, rm_run_metric_latest, rm_run_artifact, rm_run,
    rm_model_validation, rm_model_approval, rm_model_alias, rm_model_version, rm_model, rm_deployment_interval,
    rm_deployment;
DELETE FROM token_entry
 WHERE processor_name IN ('dataset-read-model', 'run-read-model', 'model-read-model', 'deployment-read-model');
