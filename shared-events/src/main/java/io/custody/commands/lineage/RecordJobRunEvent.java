package io.custody.commands.lineage;

import io.custody.meta.Streams;
import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;
import io.custody.values.LineageDataset;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Record one OpenLineage RunEvent of a job run: its state report and the dataset versions it read and
 * wrote, already resolved to Custody dataset versions.
 */
public record RecordJobRunEvent(JobRunId run, JobRunReport report, String errorMessage, List<LineageDataset> inputs,
                                List<LineageDataset> outputs) {

    public RecordJobRunEvent {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.jobRun(run);
    }
}
