-- Read model of deployments, kept by the deployment-read-model processing group. Liveness is a set of
-- intervals, one row per stint of a model version on a deployment (primary or canary, with its share):
-- a row is inserted when the stint starts and closed (to_*) when it ends, never overwritten or
-- deleted. from_time / to_time are when the emitter says it happened (eventTime), else when Custody
-- recorded it; *_recorded_at is always Custody's own time, and *_position the event's global position.
CREATE TABLE rm_deployment (
    environment     VARCHAR(64)  NOT NULL,
    service         VARCHAR(128) NOT NULL,
    first_at        TIMESTAMPTZ  NOT NULL,
    first_position  BIGINT       NOT NULL,
    last_changed_at TIMESTAMPTZ  NOT NULL,
    last_position   BIGINT       NOT NULL,
    PRIMARY KEY (environment, service)
);

CREATE TABLE rm_deployment_interval (
    environment      VARCHAR(64)      NOT NULL,
    service          VARCHAR(128)     NOT NULL,
    model            VARCHAR(128)     NOT NULL,
    version          INTEGER          NOT NULL,
    canary           BOOLEAN          NOT NULL,
    share            DOUBLE PRECISION,
    from_time        TIMESTAMPTZ      NOT NULL,
    from_recorded_at TIMESTAMPTZ      NOT NULL,
    from_position    BIGINT           NOT NULL,
    start_reason     VARCHAR(16)      NOT NULL,
    deployed_by      VARCHAR(256),
    policy_version   VARCHAR(128),
    to_time          TIMESTAMPTZ,
    to_recorded_at   TIMESTAMPTZ,
    to_position      BIGINT,
    end_reason       VARCHAR(16),
    end_note         TEXT,
    ended_by         VARCHAR(256),
    PRIMARY KEY (environment, service, from_position, model, version),
    CHECK ((to_position IS NULL) = (to_time IS NULL)),
    CHECK (to_position IS NULL OR to_position > from_position)
);

CREATE INDEX rm_deployment_interval_model_version ON rm_deployment_interval (model, version, from_position);
CREATE INDEX rm_deployment_interval_open ON rm_deployment_interval (environment, service) WHERE to_position IS NULL;
