package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Approve a model version, in a role, with a comment. */
public record ApproveModelVersion(ModelName model, int version, String approver, String role, String comment) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
