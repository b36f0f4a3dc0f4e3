-- An MLflow metric observation is keyed by the index metrics/get-history reads, (run, key, position in the log,
-- place in its event), instead of by (run, position, place) with that index beside it: the same observations
-- stay unique (an event's place holds one key), and a log-batch of 1,000 observations, which an MLflow client
-- waits for, maintains one B-tree instead of two (docs/benchmarks.md, "MLflow API").
ALTER TABLE rm_ml_run_metric DROP CONSTRAINT rm_ml_run_metric_pkey;
DROP INDEX rm_ml_run_metric_key;
ALTER TABLE rm_ml_run_metric ADD PRIMARY KEY (run_id, key, position, ordinal);
