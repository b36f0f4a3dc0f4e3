package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give a model the name MLflow clients know it by; its identity {@code model} stays. */
public record RenameRegisteredModel(ModelName model, ModelName name) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
