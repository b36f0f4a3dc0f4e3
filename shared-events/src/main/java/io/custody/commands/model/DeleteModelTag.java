package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a tag of a model ({@code version} null) or of one of its versions. */
public record DeleteModelTag(ModelName model, Integer version, String key) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
