-- As V87 for the command side's buckets: transient rows, cheaper stored as they are than compressed.
ALTER TABLE rm_monitor_bucket ALTER COLUMN sketches SET STORAGE EXTERNAL;
