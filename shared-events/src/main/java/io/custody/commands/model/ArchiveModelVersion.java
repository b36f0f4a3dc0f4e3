package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archive a model version: it can no longer be deployed. */
public record ArchiveModelVersion(ModelName model, int version, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
