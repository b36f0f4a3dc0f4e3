package io.custody.events.model;

import io.custody.values.ModelName;
import io.custody.values.RiskTier;
import io.custody.values.TeamName;

/** A model was registered: owning team, business domain (e.g. lending) and risk tier. */
public record ModelRegistered(ModelName model, TeamName owner, String domain, RiskTier riskTier, String description)
        implements ModelEvent {
}
