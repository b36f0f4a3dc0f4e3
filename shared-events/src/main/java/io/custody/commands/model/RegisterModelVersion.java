package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ContentDigest;
import io.custody.values.ModelName;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Register a new version of a model from one completed run; Custody assigns the number. */
public record RegisterModelVersion(ModelName model, RunId run, String artifactUri, ContentDigest artifactDigest, String inputSignature, String description) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
