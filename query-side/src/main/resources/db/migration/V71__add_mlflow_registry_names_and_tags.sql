-- MLflow's registry beside Custody's own: rows stay keyed by the model's identity (name), and mlflow_name is the
-- name MLflow clients know it by, which registered-models/rename changes. Tags of models and of their versions.
ALTER TABLE rm_ml_registered_model ADD COLUMN mlflow_name VARCHAR(128);
UPDATE rm_ml_registered_model SET mlflow_name = name;
ALTER TABLE rm_ml_registered_model ALTER COLUMN mlflow_name SET NOT NULL;
CREATE INDEX rm_ml_registered_model_mlflow_name ON rm_ml_registered_model (mlflow_name);

CREATE TABLE rm_ml_registered_model_tag (
    name  VARCHAR(128) NOT NULL,
    key   VARCHAR(250) NOT NULL,
    value TEXT         NOT NULL,
    PRIMARY KEY (name, key)
);

CREATE TABLE rm_ml_model_version_tag (
    name    VARCHAR(128) NOT NULL,
    version INTEGER      NOT NULL,
    key     VARCHAR(250) NOT NULL,
    value   TEXT         NOT NULL,
    PRIMARY KEY (name, version, key)
);

CREATE INDEX rm_ml_registered_model_tag_value ON rm_ml_registered_model_tag (key, value);
CREATE INDEX rm_ml_model_version_tag_value ON rm_ml_model_version_tag (key, value);
