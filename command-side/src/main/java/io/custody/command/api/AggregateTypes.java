package io.custody.command.api;

/**
 * The aggregate types stored beside each event of a stream, as the aggregates' {@code @Aggregate(type = ...)}
 * name them: a writer that appends an aggregate's events itself (the OpenLineage ingest) stores the same.
 */
public final class AggregateTypes {

    public static final String DATASET = "Dataset";
    public static final String JOB = "Job";
    public static final String JOB_RUN = "JobRun";
    public static final String OBSERVED_DATASET = "ObservedDataset";

    private AggregateTypes() {
    }
}
