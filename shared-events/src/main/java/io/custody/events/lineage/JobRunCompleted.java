package io.custody.events.lineage;

import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;

/** An OpenLineage emitter reported that a job run finished successfully (eventType COMPLETE). */
public record JobRunCompleted(JobRunId run, JobRunReport report) implements JobRunEvent {
}
