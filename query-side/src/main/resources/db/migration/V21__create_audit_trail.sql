-- The audit trail: one row per event of every stream, kept by the audit-trail processing group
-- (AuditTrailProjection). It indexes the event store by what auditors filter on (time, actor, type),
-- which the store's own table cannot: its time_stamp is an ISO string and its metadata a JSON blob.
-- Rows are keyed by the global position and inserted with ON CONFLICT DO NOTHING, so a replay changes
-- nothing. Payloads stay in the store; a page or an export joins them by position.
CREATE TABLE rm_audit_trail (
    position        BIGINT       PRIMARY KEY,
    event_id        VARCHAR(255) NOT NULL,
    stream          VARCHAR(255),
    sequence        BIGINT,
    type            VARCHAR(128) NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    event_time      TIMESTAMPTZ,
    actor           VARCHAR(256),
    source_system   VARCHAR(128),
    correlation_id  VARCHAR(255),
    causation_id    VARCHAR(255),
    client_event_id VARCHAR(255)
);

-- Pages are ordered by position; each filter has an index that yields its rows in that order.
CREATE INDEX rm_audit_trail_recorded ON rm_audit_trail (recorded_at, position);
CREATE INDEX rm_audit_trail_actor ON rm_audit_trail (actor, position);
CREATE INDEX rm_audit_trail_type ON rm_audit_trail (type, position);
