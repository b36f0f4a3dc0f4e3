-- The name MLflow clients know a model by once renamed (registered-models/rename); NULL: its own name. A name
-- belongs to one model: the unique index refuses a second model taking it in a concurrent rename.
ALTER TABLE cs_model ADD COLUMN mlflow_name TEXT;
CREATE UNIQUE INDEX cs_model_mlflow_name ON cs_model (mlflow_name);
