package io.custody.events.lineage;

import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.LineageDataset;

import java.time.Instant;
import java.util.List;

/**
 * The dataset versions a job run read and wrote, as one OpenLineage RunEvent reported them, with every
 * dataset facet as sent. Runs report their datasets again in later events (often with more facets);
 * each report is recorded, and the lineage graph keeps one edge per dataset version and direction.
 */
public record LineageRecorded(JobRunId run, JobRef job, Instant eventTime, List<LineageDataset> inputs,
                              List<LineageDataset> outputs) implements JobRunEvent {

    public LineageRecorded {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
