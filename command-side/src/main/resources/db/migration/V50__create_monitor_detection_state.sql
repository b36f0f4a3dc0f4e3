CREATE TABLE cs_monitor (
    environment TEXT NOT NULL,
    service     TEXT NOT NULL,
    settings    TEXT NOT NULL,
    paused      BOOLEAN NOT NULL DEFAULT FALSE,
    -- the latest prediction or outcome time the deployment sent: windows close by it
    watermark   TIMESTAMPTZ,
    PRIMARY KEY (environment, service)
);

-- kind W: a window; kind R: the reference interval of a baseline taken from predictions
CREATE TABLE cs_monitor_window (
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
CREATE TABLE cs_monitor_bucket (
    seq          BIGSERIAL PRIMARY KEY,
    environment  TEXT NOT NULL,
    service      TEXT NOT NULL,
    kind         CHAR(1) NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    sketches     TEXT NOT NULL
);
CREATE INDEX cs_monitor_bucket_window ON cs_monitor_bucket (environment, service, kind, window_start, seq);

-- predicted values of monitored deployments awaiting their outcomes; a joined one is deleted
CREATE TABLE cs_monitor_prediction (
    environment   TEXT NOT NULL,
    service       TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    predicted     DOUBLE PRECISION NOT NULL,
    model_version TEXT,
    PRIMARY KEY (environment, service, request_id)
);

CREATE TABLE cs_monitor_profile (
    dataset  TEXT NOT NULL,
    version  TEXT NOT NULL,
    profiles TEXT NOT NULL,
    PRIMARY KEY (dataset, version)
);

CREATE TABLE cs_monitor_validation (
    model   TEXT NOT NULL,
    version INT NOT NULL,
    metrics TEXT NOT NULL,
    PRIMARY KEY (model, version)
);
