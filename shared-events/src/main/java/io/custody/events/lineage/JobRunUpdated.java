package io.custody.events.lineage;

import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;

/** An OpenLineage emitter reported on a job run without ending it (eventType RUNNING or OTHER). */
public record JobRunUpdated(JobRunId run, JobRunReport report) implements JobRunEvent {
}
