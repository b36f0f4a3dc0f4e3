package io.custody.command.lineage;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.lineage.DescribeJob;
import io.custody.events.lineage.JobDescribed;
import io.custody.meta.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An OpenLineage job as its JobEvents describe it, apart from any run. Every description is recorded;
 * one with the time of an earlier one is the same description sent again.
 */
@Aggregate(type = "Job", cache = AggregateCache.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
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
        if (described.contains(command.eventTime())) {
            return false;
        }
        apply(new JobDescribed(command.job(), command.eventTime(), command.producer(), command.code(),
                command.jobFacets(), command.inputs(), command.outputs()));
        return true;
    }

    @EventSourcingHandler
    void on(JobDescribed event) {
        streamId = Streams.job(event.job());
        described.add(event.eventTime());
    }
}
