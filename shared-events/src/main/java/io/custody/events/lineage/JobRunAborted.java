package io.custody.events.lineage;

import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;

/** An OpenLineage emitter reported that a job run was stopped before it finished (eventType ABORT). */
public record JobRunAborted(JobRunId run, JobRunReport report) implements JobRunEvent {
}
