-- Read model of predictions and their outcomes, kept by the prediction-read-model processing group in
-- batched inserts. The prediction is inserted once (ON CONFLICT DO NOTHING); the outcome joins later
-- by request id, guarded by outcome_position. Only the primary key is indexed: predictions arrive by
-- the million and every extra index slows ingest. Raw features are not kept here, only their digest.
CREATE TABLE rm_prediction (
    environment      VARCHAR(64)  NOT NULL,
    service          VARCHAR(128) NOT NULL,
    request_id       VARCHAR(200) NOT NULL,
    model            VARCHAR(128) NOT NULL,
    version          INTEGER      NOT NULL,
    predicted_at     TIMESTAMPTZ  NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL,
    features_digest  TEXT,
    output           JSONB,
    explanation      JSONB,
    outcome          JSONB,
    observed_at      TIMESTAMPTZ,
    position         BIGINT       NOT NULL,
    outcome_position BIGINT,
    PRIMARY KEY (environment, service, request_id)
) WITH (fillfactor = 90);
-- fillfactor leaves room on each page so the later outcome update can stay a HOT update.
