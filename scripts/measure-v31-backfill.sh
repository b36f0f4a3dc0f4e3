#!/usr/bin/env bash
# Times migration V31's backfill (prediction keys from predictions stored one event each) over N such events,
# in a scratch database of a PostgreSQL you name (default: the machine's, 127.0.0.1:5432, user postgres).
# Usage: scripts/measure-v31-backfill.sh [events] [psql connection options...]
set -euo pipefail
n="${1:-1000000}"
shift || true
conn=("${@:--h 127.0.0.1 -U postgres}")
psql ${conn[@]} -q -c "DROP DATABASE IF EXISTS v31_backfill" -c "CREATE DATABASE v31_backfill"
psql ${conn[@]} -d v31_backfill -q <<SQL
CREATE TABLE domain_event_entry (global_index BIGSERIAL PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE,
    aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255),
    time_stamp VARCHAR(255) NOT NULL, payload_type VARCHAR(255) NOT NULL, payload_revision VARCHAR(255),
    payload BYTEA NOT NULL, meta_data BYTEA, UNIQUE (aggregate_identifier, sequence_number));
INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type,
                                payload, meta_data)
SELECT gen_random_uuid()::text, 'prediction:production/bench-api/r-' || i, 0, 'Prediction', '2026-01-15T09:00:00.000Z',
       'io.custody.events.prediction.PredictionRecorded',
       convert_to('{"environment":"production","service":"bench-api","requestId":"r-' || i || '","modelVersion":'
           || '{"model":"bench-model","version":1},"predictedAt":"2026-01-15T09:00:00Z","featuresDigest":"sha256:'
           || repeat('ab', 32) || '","features":null,"output":{"score":0.73,"label":"approve"},"explanation":null}', 'UTF8'),
       convert_to('{"actor":"bench"}', 'UTF8')
  FROM generate_series(1, $n) i;
CREATE TABLE prediction_key (environment VARCHAR(64) NOT NULL, service VARCHAR(128) NOT NULL,
    request_id VARCHAR(200) NOT NULL, event_id UUID NOT NULL, PRIMARY KEY (environment, service, request_id));
SQL
# The statement as V31__create_prediction_keys.sql runs it.
start=$(date +%s.%N)
psql ${conn[@]} -d v31_backfill -q -c "INSERT INTO prediction_key (environment, service, request_id, event_id)
  SELECT p->>'environment', p->>'service', p->>'requestId', event_identifier::uuid
    FROM (SELECT event_identifier, convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
           WHERE payload_type = 'io.custody.events.prediction.PredictionRecorded') legacy
  ON CONFLICT DO NOTHING"
end=$(date +%s.%N)
psql ${conn[@]} -q -c "DROP DATABASE v31_backfill"
echo "V31 backfill: $n predictions in $(echo "$end - $start" | bc) s"
