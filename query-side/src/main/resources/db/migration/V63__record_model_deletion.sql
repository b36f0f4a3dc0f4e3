-- A deleted registered model stays in the inventory with its history; these say when and by whom.
ALTER TABLE rm_model ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE rm_model ADD COLUMN deleted_by VARCHAR(256);
ALTER TABLE rm_model_history ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE rm_model_history ADD COLUMN deleted_by VARCHAR(256);
