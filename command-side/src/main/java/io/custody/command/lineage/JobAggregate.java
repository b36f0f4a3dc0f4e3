package io.custody.command.lineage;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.AggregateTypes;
import io.custody.command.api.StreamLocks;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.lineage.DescribeJob;
import io.custody.events.lineage.JobDescribed;
import io.custody.meta.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;


/**
 * An OpenLineage job as its JobEvents describe it, apart from any run. Every description is recorded;
 * one with the time of an earlier one is the same description sent again.
 */
@Aggregate(type = AggregateTypes.JOB, cache = AggregateCache.BEAN,
        lockFactory = StreamLocks.BEAN, commandTargetResolver = StreamTargetResolver.BEAN)
class JobAggregate {

    @AggregateIdentifier
    private String streamId;
    private final Set<Instant> described = new HashSet<>();

    JobAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(DescribeJob command) {
        Optional<JobDescribed> event = LineageRules.describeJob(command, described.contains(command.eventTime()));
        event.ifPresent(AggregateLifecycle::apply);
        return event.isPresent();
    }

    @EventSourcingHandler
    void on(JobDescribed event) {
        streamId = Streams.job(event.job());
        described.add(event.eventTime());
    }
}
