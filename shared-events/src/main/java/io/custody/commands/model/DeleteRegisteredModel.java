package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a registered model: records a tombstone, its history stays and its name stays taken. */
public record DeleteRegisteredModel(ModelName model) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
