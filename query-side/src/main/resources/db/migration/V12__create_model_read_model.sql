-- Read model of registered models and their versions, kept by the model-read-model processing group.
-- Rows that change guard their updates with last_position (or position); rows that are facts of one
-- event are keyed by that event's global position and inserted with ON CONFLICT DO NOTHING.
CREATE TABLE rm_model (
    name                VARCHAR(128) PRIMARY KEY,
    owner               VARCHAR(128) NOT NULL,
    domain              VARCHAR(128),
    risk_tier           VARCHAR(16),
    description         TEXT,
    version_count       INTEGER      NOT NULL DEFAULT 0,
    registered_at       TIMESTAMPTZ  NOT NULL,
    registered_by       VARCHAR(256),
    recorded_at         TIMESTAMPTZ  NOT NULL,
    registered_position BIGINT       NOT NULL,
    last_position       BIGINT       NOT NULL
);

CREATE INDEX rm_model_owner ON rm_model (owner, name);
CREATE INDEX rm_model_domain ON rm_model (domain, name);

CREATE TABLE rm_model_version (
    model               VARCHAR(128) NOT NULL REFERENCES rm_model (name),
    version             INTEGER      NOT NULL,
    run                 VARCHAR(128),
    artifact_uri        TEXT,
    artifact_digest     VARCHAR(71),
    input_signature     TEXT,
    description         TEXT,
    archived            BOOLEAN      NOT NULL DEFAULT FALSE,
    archived_reason     TEXT,
    archived_at         TIMESTAMPTZ,
    archived_by         VARCHAR(256),
    registered_at       TIMESTAMPTZ  NOT NULL,
    registered_by       VARCHAR(256),
    recorded_at         TIMESTAMPTZ  NOT NULL,
    registered_position BIGINT       NOT NULL,
    last_position       BIGINT       NOT NULL,
    PRIMARY KEY (model, version)
);

CREATE INDEX rm_model_version_run ON rm_model_version (run);
CREATE INDEX rm_model_version_artifact_digest ON rm_model_version (artifact_digest);

CREATE TABLE rm_model_validation (
    model        VARCHAR(128) NOT NULL,
    version      INTEGER      NOT NULL,
    position     BIGINT       NOT NULL,
    metrics      JSONB        NOT NULL DEFAULT '{}',
    checks       JSONB        NOT NULL DEFAULT '[]',
    passed       BOOLEAN      NOT NULL,
    validated_by VARCHAR(256),
    validated_at TIMESTAMPTZ  NOT NULL,
    recorded_by  VARCHAR(256),
    recorded_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (model, version, position),
    FOREIGN KEY (model, version) REFERENCES rm_model_version (model, version)
);

CREATE TABLE rm_model_approval (
    model       VARCHAR(128) NOT NULL,
    version     INTEGER      NOT NULL,
    position    BIGINT       NOT NULL,
    approver    VARCHAR(256),
    role        VARCHAR(128),
    comment     TEXT,
    approved_at TIMESTAMPTZ  NOT NULL,
    recorded_by VARCHAR(256),
    recorded_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (model, version, position),
    FOREIGN KEY (model, version) REFERENCES rm_model_version (model, version)
);

-- Where each alias points now. A removed alias keeps its row with version NULL: deleting it would let
-- a replayed AliasSet bring it back, because nothing newer would be left to compare positions with.
CREATE TABLE rm_model_alias (
    model      VARCHAR(128) NOT NULL REFERENCES rm_model (name),
    alias      VARCHAR(64)  NOT NULL,
    version    INTEGER,
    changed_at TIMESTAMPTZ  NOT NULL,
    changed_by VARCHAR(256),
    position   BIGINT       NOT NULL,
    PRIMARY KEY (model, alias)
);
