package io.custody.commands.lineage;

import io.custody.meta.Streams;
import io.custody.values.LineageDataset;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Record what an OpenLineage DatasetEvent said about a dataset: its facets, and its version if given. */
public record DescribeDataset(LineageDataset dataset, Instant eventTime, String producer) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.observedDataset(dataset.dataset());
    }
}
