-- GraphQL's metric history keeps one row per MetricsLogged event, its observations as arrays in logging order
-- (an observation's ordinal is its array index - 1): an MLflow log-batch of 1,000 observations is one row to
-- write, where a row per observation cost a thousand rows and two index entries each, on every batch.
CREATE TABLE rm_run_metric_log (
    run             VARCHAR(128)       NOT NULL REFERENCES rm_run (id),
    position        BIGINT             NOT NULL,
    names           VARCHAR(256)[]     NOT NULL,
    observed_values DOUBLE PRECISION[] NOT NULL,
    steps           BIGINT[]           NOT NULL,
    measured_at     TIMESTAMPTZ[]      NOT NULL,
    recorded_at     TIMESTAMPTZ,
    happened_at     TIMESTAMPTZ,
    PRIMARY KEY (run, position)
);

-- The observations already projected, regrouped by their event (its ordinals run from 0 without holes).
INSERT INTO rm_run_metric_log (run, position, names, observed_values, steps, measured_at, recorded_at, happened_at)
SELECT run, position, array_agg(name ORDER BY ordinal), array_agg(value ORDER BY ordinal),
       array_agg(step ORDER BY ordinal), array_agg(measured_at ORDER BY ordinal), min(recorded_at), min(happened_at)
  FROM rm_run_metric
 GROUP BY run, position;

DROP TABLE rm_run_metric;
