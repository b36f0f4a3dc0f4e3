package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import io.custody.values.RiskTier;
import io.custody.values.TeamName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Register a model: owner team, business domain, risk tier. */
public record RegisterModel(ModelName model, TeamName owner, String domain, RiskTier riskTier, String description) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
