package io.custody.events.lineage;

import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;

/**
 * An OpenLineage emitter reported that a job run failed (eventType FAIL), with the message of its
 * {@code errorMessage} run facet when it sent one (the whole facet stays in the report's facets).
 */
public record JobRunFailed(JobRunId run, JobRunReport report, String errorMessage) implements JobRunEvent {
}
