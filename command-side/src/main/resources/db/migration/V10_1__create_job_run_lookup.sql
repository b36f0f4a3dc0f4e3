-- Each OpenLineage job run's job and how it ended: what the rules of a run report ("a run id names one run of
-- one job", "a run ends one way") ask, read for a whole chunk of reports at once by the OpenLineage ingest,
-- which appends a run's events without loading its stream. Kept by the subscribing processor
-- "command-lookups" (LookupProjection) in the transaction that appends the events.
CREATE TABLE cs_job_run (
    run           VARCHAR(36)   PRIMARY KEY,
    job_namespace VARCHAR(1024) NOT NULL,
    job_name      VARCHAR(1024) NOT NULL,
    -- COMPLETE, FAIL or ABORT once the run ended; the first ending recorded stays.
    ending        VARCHAR(16)
);

-- A subscribing processor never replays, so the runs already in the store are copied from it here.
INSERT INTO cs_job_run (run, job_namespace, job_name, ending)
SELECT substring(aggregate_identifier FROM length('jobrun:') + 1),
       (array_agg(report -> 'job' ->> 'namespace' ORDER BY sequence_number))[1],
       (array_agg(report -> 'job' ->> 'name' ORDER BY sequence_number))[1],
       (array_agg(report ->> 'state' ORDER BY sequence_number)
            FILTER (WHERE report ->> 'state' IN ('COMPLETE', 'FAIL', 'ABORT')))[1]
FROM (SELECT aggregate_identifier, sequence_number, convert_from(payload, 'UTF8')::jsonb -> 'report' AS report
      FROM domain_event_entry
      WHERE aggregate_identifier LIKE 'jobrun:%'
        AND payload_type IN ('io.custody.events.lineage.JobRunStarted', 'io.custody.events.lineage.JobRunUpdated',
                             'io.custody.events.lineage.JobRunCompleted', 'io.custody.events.lineage.JobRunFailed',
                             'io.custody.events.lineage.JobRunAborted')) reports
GROUP BY aggregate_identifier;
