-- A deleted registered model keeps its row (its name stays taken); deployments refuse its versions.
ALTER TABLE cs_model ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;
