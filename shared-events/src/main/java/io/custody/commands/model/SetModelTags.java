package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Set tags of a model ({@code version} null) or of one of its versions; other tags stay. */
public record SetModelTags(ModelName model, Integer version, Map<String, String> tags) {

    public SetModelTags {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
