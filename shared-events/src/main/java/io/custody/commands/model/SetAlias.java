package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.Alias;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Point an alias at a version (moving it if it pointed elsewhere). */
public record SetAlias(ModelName model, Alias alias, int version) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
