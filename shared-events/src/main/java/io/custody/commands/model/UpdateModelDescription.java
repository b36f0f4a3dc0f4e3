package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replace the description of a model ({@code version} null) or of one of its versions. */
public record UpdateModelDescription(ModelName model, Integer version, String description) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
