package io.custody.commands.dataset;

import io.custody.meta.Streams;
import io.custody.values.DatasetName;
import io.custody.values.VersionLabel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take a dataset version out of use, with the reason. */
public record QuarantineDatasetVersion(DatasetName dataset, VersionLabel version, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.dataset(dataset);
    }
}
