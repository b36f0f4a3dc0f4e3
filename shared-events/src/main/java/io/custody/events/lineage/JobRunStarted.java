package io.custody.events.lineage;

import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;

/**
 * An OpenLineage emitter reported that a job run started (eventType START). It may arrive after the
 * run's end: the report's {@code eventTime} says when it happened, the event's own timestamp when
 * Custody learnt it.
 */
public record JobRunStarted(JobRunId run, JobRunReport report) implements JobRunEvent {
}
