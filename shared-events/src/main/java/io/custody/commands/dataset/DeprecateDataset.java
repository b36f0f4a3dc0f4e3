package io.custody.commands.dataset;

import io.custody.meta.Streams;
import io.custody.values.DatasetName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Retire a dataset: no new versions from now on. */
public record DeprecateDataset(DatasetName dataset, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.dataset(dataset);
    }
}
