package io.custody.events.lineage;

import io.custody.values.JobRunId;

/** Everything recorded about one OpenLineage job run, stream {@code jobrun:<runId>}. */
public sealed interface JobRunEvent
        permits JobRunStarted, JobRunUpdated, JobRunCompleted, JobRunFailed, JobRunAborted, LineageRecorded {

    JobRunId run();
}
