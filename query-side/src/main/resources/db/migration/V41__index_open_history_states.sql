-- The state a row is in now (valid_to_position IS NULL) is the one the next event closes (RowHistory).
-- Without these indexes the close found it by scanning every earlier state of the key on the primary key,
-- a cost that grew with the row's history: a dataset keeps one state per version it registered, so its
-- thousandth version scanned a thousand states. Each index holds one entry per key.
CREATE INDEX rm_dataset_history_open ON rm_dataset_history (name) WHERE valid_to_position IS NULL;
CREATE INDEX rm_dataset_version_history_open ON rm_dataset_version_history (dataset, version)
    WHERE valid_to_position IS NULL;
CREATE INDEX rm_run_history_open ON rm_run_history (id) WHERE valid_to_position IS NULL;
CREATE INDEX rm_run_metric_latest_history_open ON rm_run_metric_latest_history (run, name)
    WHERE valid_to_position IS NULL;
CREATE INDEX rm_model_history_open ON rm_model_history (name) WHERE valid_to_position IS NULL;
CREATE INDEX rm_model_version_history_open ON rm_model_version_history (model, version)
    WHERE valid_to_position IS NULL;
CREATE INDEX rm_model_alias_history_open ON rm_model_alias_history (model, alias) WHERE valid_to_position IS NULL;
CREATE INDEX rm_deployment_history_open ON rm_deployment_history (environment, service)
    WHERE valid_to_position IS NULL;
