package io.custody.command.policy;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.policy.RecordPolicyDecision;
import io.custody.events.policy.PolicyDecisionRecorded;
import io.custody.meta.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The refusals recorded about one model's versions, stream {@code decision:<model>}: an append-only record. */
@Aggregate(type = "Decision", cache = AggregateCache.BEAN, commandTargetResolver = StreamTargetResolver.BEAN)
class DecisionAggregate {

    @AggregateIdentifier
    private String streamId;

    DecisionAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordPolicyDecision command) {
        apply(command.decision());
        return true;
    }

    @EventSourcingHandler
    void on(PolicyDecisionRecorded event) {
        streamId = Streams.decision(event.model());
    }
}
