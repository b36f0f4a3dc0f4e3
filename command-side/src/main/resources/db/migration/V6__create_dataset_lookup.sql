-- Which datasets are registered, and whether each is deprecated: what the OpenLineage ingest asks of every
-- dataset an event names. Before this table it read the whole stream of each such dataset from the event
-- table, a cost that grew with every version the dataset took. Kept by the subscribing processor
-- "command-lookups" (LookupProjection) in the transaction that appends the events.
CREATE TABLE cs_dataset (
    dataset    VARCHAR(512) PRIMARY KEY,
    deprecated BOOLEAN      NOT NULL DEFAULT FALSE
);

-- A subscribing processor never replays, so the datasets already in the store are copied from it here.
INSERT INTO cs_dataset (dataset, deprecated)
SELECT substring(aggregate_identifier FROM length('dataset:') + 1),
       bool_or(payload_type = 'io.custody.events.dataset.DatasetDeprecated')
FROM domain_event_entry
WHERE aggregate_identifier LIKE 'dataset:%'
GROUP BY aggregate_identifier;
