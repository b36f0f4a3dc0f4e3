-- Every read-model column that keeps a caller's actor, source or correlation id holds at least the 200
-- characters the server accepts in those headers (Caller.MAX_HEADER_LENGTH). The audit trail's source column
-- held 128, and one longer X-Custody-Source stopped its projection.
ALTER TABLE rm_audit_trail ALTER COLUMN source_system TYPE VARCHAR(256);
