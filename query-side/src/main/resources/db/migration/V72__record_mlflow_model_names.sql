-- The name MLflow clients know a model by since registered-models/rename (null: its own name), now and in its
-- history, so Model.mlflowName answers as of an instant too.
ALTER TABLE rm_model ADD COLUMN mlflow_name VARCHAR(128);
ALTER TABLE rm_model_history ADD COLUMN mlflow_name VARCHAR(128);
