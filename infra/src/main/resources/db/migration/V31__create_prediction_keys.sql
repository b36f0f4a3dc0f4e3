-- Part of the event store, written in the same transaction as the events they point to. Predictions and
-- outcomes are recorded a batch to an event (PredictionsRecorded, OutcomesRecorded), so the store's
-- unique (stream, sequence) key can no longer guard each request id: these keys do. A request id is
-- recorded once per deployment, an outcome once per prediction, and each key names the event that
-- recorded it, which is how history finds one prediction inside its batch. Append-only like the log.

CREATE TABLE prediction_key (
    environment VARCHAR(64)  NOT NULL,
    service     VARCHAR(128) NOT NULL,
    request_id  VARCHAR(200) NOT NULL,
    event_id    UUID         NOT NULL,
    PRIMARY KEY (environment, service, request_id)
);

CREATE TABLE outcome_key (
    environment VARCHAR(64)  NOT NULL,
    service     VARCHAR(128) NOT NULL,
    request_id  VARCHAR(200) NOT NULL,
    event_id    UUID         NOT NULL,
    PRIMARY KEY (environment, service, request_id)
);

CREATE TRIGGER prediction_key_append_only
    BEFORE UPDATE OR DELETE ON prediction_key
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER prediction_key_no_truncate
    BEFORE TRUNCATE ON prediction_key
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER outcome_key_append_only
    BEFORE UPDATE OR DELETE ON outcome_key
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER outcome_key_no_truncate
    BEFORE TRUNCATE ON outcome_key
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

-- Predictions and outcomes recorded before batching, one stream per prediction: their keys too, so a
-- re-sent request id is still a duplicate and an outcome still finds its prediction.
INSERT INTO prediction_key (environment, service, request_id, event_id)
SELECT p->>'environment', p->>'service', p->>'requestId', event_identifier::uuid
  FROM (SELECT event_identifier, convert_from(payload, 'UTF8')::jsonb AS p
          FROM domain_event_entry
         WHERE payload_type = 'io.custody.events.prediction.PredictionRecorded') legacy
ON CONFLICT DO NOTHING;

INSERT INTO outcome_key (environment, service, request_id, event_id)
SELECT p->>'environment', p->>'service', p->>'requestId', event_identifier::uuid
  FROM (SELECT event_identifier, convert_from(payload, 'UTF8')::jsonb AS p
          FROM domain_event_entry
         WHERE payload_type = 'io.custody.events.prediction.OutcomeRecorded') legacy
ON CONFLICT DO NOTHING;
