-- Read model of datasets and their versions, kept by the dataset-read-model processing group.
-- last_position is the global position of the newest event applied to the row: handlers only write
-- when the event is newer, so a replay or a redelivered batch changes nothing.
CREATE TABLE rm_dataset (
    name               VARCHAR(512) PRIMARY KEY,
    namespace          VARCHAR(512) NOT NULL,
    short_name         VARCHAR(256) NOT NULL,
    owner              VARCHAR(128) NOT NULL,
    description        TEXT,
    tags               TEXT[]       NOT NULL DEFAULT '{}',
    deprecated         BOOLEAN      NOT NULL DEFAULT FALSE,
    deprecation_reason TEXT,
    version_count      INTEGER      NOT NULL DEFAULT 0,
    registered_at      TIMESTAMPTZ  NOT NULL,
    registered_by      VARCHAR(256),
    registered_position BIGINT      NOT NULL,
    last_position      BIGINT       NOT NULL
);

CREATE TABLE rm_dataset_version (
    dataset            VARCHAR(512) NOT NULL REFERENCES rm_dataset (name),
    version            VARCHAR(128) NOT NULL,
    location           TEXT         NOT NULL,
    digest             VARCHAR(71)  NOT NULL,
    schema_fields      JSONB        NOT NULL DEFAULT '[]',
    row_count          BIGINT,
    tags               TEXT[]       NOT NULL DEFAULT '{}',
    profile            JSONB        NOT NULL DEFAULT '[]',
    produced_by_run    VARCHAR(512),
    quarantined        BOOLEAN      NOT NULL DEFAULT FALSE,
    quarantine_reason  TEXT,
    quarantined_at     TIMESTAMPTZ,
    quarantined_by     VARCHAR(256),
    registered_at      TIMESTAMPTZ  NOT NULL,
    registered_by      VARCHAR(256),
    registered_position BIGINT      NOT NULL,
    last_position      BIGINT       NOT NULL,
    PRIMARY KEY (dataset, version)
);

CREATE INDEX rm_dataset_version_digest ON rm_dataset_version (digest);
