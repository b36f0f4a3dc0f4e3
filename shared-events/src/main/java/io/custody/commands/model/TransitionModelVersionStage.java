package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Move a version to an MLflow stage; with {@code archiveExisting}, the versions in that stage move to Archived. */
public record TransitionModelVersionStage(ModelName model, int version, String stage, boolean archiveExisting) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
