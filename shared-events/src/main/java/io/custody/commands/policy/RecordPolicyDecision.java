package io.custody.commands.policy;

import io.custody.events.policy.PolicyDecisionRecorded;
import io.custody.meta.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a refusal, after the refused command's own unit of work was rolled back. */
public record RecordPolicyDecision(PolicyDecisionRecorded decision) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.decision(decision.model());
    }
}
