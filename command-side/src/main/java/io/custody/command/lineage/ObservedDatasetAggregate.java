package io.custody.command.lineage;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.AggregateTypes;
import io.custody.command.api.StreamLocks;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.lineage.DescribeDataset;
import io.custody.events.lineage.DatasetDescribed;
import io.custody.meta.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;


/**
 * What OpenLineage DatasetEvents said about one dataset. Kept beside the dataset's own stream, whose
 * rules (a version label means one digest forever) these descriptions must not touch. One with the
 * time and version of an earlier one is the same description sent again.
 */
@Aggregate(type = AggregateTypes.OBSERVED_DATASET, cache = AggregateCache.BEAN,
        lockFactory = StreamLocks.BEAN, commandTargetResolver = StreamTargetResolver.BEAN)
class ObservedDatasetAggregate {

    @AggregateIdentifier
    private String streamId;
    private final Set<String> described = new HashSet<>();

    ObservedDatasetAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(DescribeDataset command) {
        Optional<DatasetDescribed> event = LineageRules.describeDataset(command,
                described.contains(LineageRules.descriptionKey(command)));
        event.ifPresent(AggregateLifecycle::apply);
        return event.isPresent();
    }

    @EventSourcingHandler
    void on(DatasetDescribed event) {
        streamId = Streams.observedDataset(event.dataset());
        described.add(event.description().key() + "@" + event.eventTime());
    }
}
