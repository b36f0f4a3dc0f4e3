CREATE TABLE rm_monitor (
    environment TEXT NOT NULL,
    service     TEXT NOT NULL,
    settings    TEXT NOT NULL,
    paused      BOOLEAN NOT NULL DEFAULT FALSE,
    -- the latest prediction or outcome time the deployment sent: windows close by it
    watermark   TIMESTAMPTZ,
    PRIMARY KEY (environment, service)
);

-- kind W: a window; kind R: the reference interval of a baseline taken from predictions
CREATE TABLE rm_monitor_window (
    environment  TEXT NOT NULL,
    service      TEXT NOT NULL,
    kind         CHAR(1) NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    window_end   TIMESTAMPTZ NOT NULL,
    sketches     TEXT NOT NULL,
    performance  TEXT,
    closed       BOOLEAN NOT NULL DEFAULT FALSE,
    statistics   TEXT,
    PRIMARY KEY (environment, service, kind, window_start)
);

-- the sketches of each batch for an open window (or reference interval), in the order they came; merged into
-- the window's row when it closes
CREATE TABLE rm_monitor_bucket (
    seq          BIGSERIAL PRIMARY KEY,
    environment  TEXT NOT NULL,
    service      TEXT NOT NULL,
    kind         CHAR(1) NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    sketches     TEXT NOT NULL
);
CREATE INDEX rm_monitor_bucket_window ON rm_monitor_bucket (environment, service, kind, window_start, seq);

-- predicted values of monitored deployments awaiting their outcomes; a joined one is deleted
CREATE TABLE rm_monitor_prediction (
    environment   TEXT NOT NULL,
    service       TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    predicted     DOUBLE PRECISION NOT NULL,
    model_version TEXT,
    PRIMARY KEY (environment, service, request_id)
);

CREATE TABLE rm_monitor_profile (
    dataset  TEXT NOT NULL,
    version  TEXT NOT NULL,
    profiles TEXT NOT NULL,
    PRIMARY KEY (dataset, version)
);

CREATE TABLE rm_monitor_validation (
    model   TEXT NOT NULL,
    version INT NOT NULL,
    metrics TEXT NOT NULL,
    PRIMARY KEY (model, version)
);

-- every setting a monitor had, for monitor(asOf:)
CREATE TABLE rm_monitor_history (
    environment TEXT NOT NULL,
    service     TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    position    BIGINT NOT NULL,
    settings    TEXT NOT NULL,
    paused      BOOLEAN NOT NULL,
    PRIMARY KEY (environment, service, position)
);

CREATE TABLE rm_monitor_alert (
    alert            TEXT PRIMARY KEY,
    position         BIGINT NOT NULL,
    environment      TEXT NOT NULL,
    service          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    feature          TEXT NOT NULL,
    statistic        TEXT NOT NULL,
    value            DOUBLE PRECISION NOT NULL,
    threshold        DOUBLE PRECISION NOT NULL,
    validation       DOUBLE PRECISION,
    model_version    TEXT,
    window_start     TIMESTAMPTZ NOT NULL,
    window_end       TIMESTAMPTZ NOT NULL,
    state            TEXT NOT NULL,
    opened_at        TIMESTAMPTZ NOT NULL,
    acknowledged_by  TEXT,
    acknowledged_at  TIMESTAMPTZ,
    acknowledge_comment TEXT,
    resolved_by      TEXT,
    resolved_at      TIMESTAMPTZ,
    resolve_comment  TEXT,
    recovered_value  DOUBLE PRECISION,
    recovered_window_start TIMESTAMPTZ
);
CREATE INDEX rm_monitor_alert_state ON rm_monitor_alert (state, position);
CREATE INDEX rm_monitor_alert_env ON rm_monitor_alert (environment, position);
