-- Which features of a deployment its monitor watches, kept by the subscribing processor "command-lookups" in the
-- transaction that appends MonitorCreated or MonitorChanged: prediction ingest sketches only these (and the
-- outputs), and nothing for a deployment without a monitor (docs/monitoring.md, "What is and is not stored").
-- seq is the monitor's event sequence, so an older event never overwrites a newer one.
-- A subscribing processor never replays, so the monitors the store already holds are copied from it here.

CREATE TABLE cs_monitor_features (
    environment TEXT     NOT NULL,
    service     TEXT     NOT NULL,
    features    TEXT[]   NOT NULL,
    seq         BIGINT   NOT NULL,
    PRIMARY KEY (environment, service)
);

INSERT INTO cs_monitor_features (environment, service, features, seq)
SELECT DISTINCT ON (e.p ->> 'environment', e.p ->> 'service')
       e.p ->> 'environment', e.p ->> 'service',
       ARRAY(SELECT jsonb_array_elements_text(COALESCE(e.p -> 'features', '[]'::jsonb))), e.sequence_number
FROM (SELECT sequence_number, global_index, convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
      WHERE payload_type IN ('io.custody.events.monitoring.MonitorCreated',
                             'io.custody.events.monitoring.MonitorChanged')) e
ORDER BY e.p ->> 'environment', e.p ->> 'service', e.global_index DESC;
