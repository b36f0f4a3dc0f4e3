package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.Alias;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove an alias. */
public record RemoveAlias(ModelName model, Alias alias) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
