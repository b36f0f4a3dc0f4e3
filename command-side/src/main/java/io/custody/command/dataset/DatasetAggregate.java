package io.custody.command.dataset;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.AggregateTypes;
import io.custody.command.api.StreamLocks;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.dataset.DeprecateDataset;
import io.custody.commands.dataset.QuarantineDatasetVersion;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.command.lookup.LineageLookups;
import io.custody.errors.CustodyException;
import io.custody.events.dataset.DatasetDeprecated;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.dataset.ImpactAssessed;
import io.custody.meta.Streams;
import io.custody.values.ContentDigest;
import io.custody.values.ImpactedNode;
import io.custody.values.Tag;
import io.custody.values.TeamName;
import io.custody.values.VersionLabel;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A dataset and its versions. Versions live inside the dataset's stream because the rule that matters
 * most, "a label means one content digest forever", needs every label of the dataset in one place.
 */
@Aggregate(type = AggregateTypes.DATASET, cache = AggregateCache.BEAN,
        lockFactory = StreamLocks.BEAN, commandTargetResolver = StreamTargetResolver.BEAN)
class DatasetAggregate {

    @AggregateIdentifier
    private String streamId;
    private boolean registered;
    private TeamName owner;
    private String description;
    private Set<Tag> tags;
    private boolean deprecated;
    private final Map<VersionLabel, Version> versions = new HashMap<>();

    private record Version(ContentDigest digest, boolean quarantined) {
    }

    DatasetAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RegisterDataset command) {
        Optional<DatasetRegistered> event = DatasetRules.register(command,
                registered ? new DatasetRules.Registration(owner, description, tags) : null);
        event.ifPresent(AggregateLifecycle::apply);
        return event.isPresent();
    }

    @CommandHandler
    boolean handle(RegisterDatasetVersion command) {
        Version existing = versions.get(command.version());
        Optional<DatasetVersionRegistered> event = DatasetRules.registerVersion(command, registered, deprecated,
                existing == null ? null : existing.digest());
        event.ifPresent(AggregateLifecycle::apply);
        return event.isPresent();
    }

    /** Quarantines the version and records, in the same step, what descends from it at this moment. */
    @CommandHandler
    boolean handle(QuarantineDatasetVersion command, LineageLookups lineage) {
        requireRegistered(command.dataset().value());
        Version version = versions.get(command.version());
        if (version == null) {
            throw CustodyException.notFound("input.version", "dataset " + command.dataset() + " has no version "
                    + command.version());
        }
        if (command.reason() == null || command.reason().isBlank()) {
            throw CustodyException.badRequest("input.reason", "a quarantine must say why");
        }
        if (version.quarantined()) {
            return false;
        }
        apply(new DatasetVersionQuarantined(command.dataset(), command.version(), command.reason()));
        LineageLookups.Impact impact = lineage.impactOf(command.dataset(), command.version());
        apply(new ImpactAssessed(command.dataset(), command.version(), command.reason(),
                limited(impact.runs()), limited(impact.modelVersions()), limited(impact.liveDeployments()),
                impact.runs().size(), impact.modelVersions().size(), impact.liveDeployments().size()));
        return true;
    }

    @CommandHandler
    boolean handle(DeprecateDataset command) {
        requireRegistered(command.dataset().value());
        if (deprecated) {
            return false;
        }
        apply(new DatasetDeprecated(command.dataset(), command.reason()));
        return true;
    }

    private static List<ImpactedNode> limited(List<ImpactedNode> nodes) {
        return nodes.size() <= ImpactAssessed.LIMIT ? nodes : nodes.subList(0, ImpactAssessed.LIMIT);
    }

    private void requireRegistered(String name) {
        DatasetRules.requireRegistered(registered, name);
    }

    @EventSourcingHandler
    void on(DatasetRegistered event) {
        streamId = Streams.dataset(event.dataset());
        registered = true;
        owner = event.owner();
        description = event.description();
        tags = event.tags();
    }

    @EventSourcingHandler
    void on(DatasetVersionRegistered event) {
        versions.put(event.version(), new Version(event.digest(), false));
    }

    @EventSourcingHandler
    void on(DatasetVersionQuarantined event) {
        versions.computeIfPresent(event.version(), (label, v) -> new Version(v.digest(), true));
    }

    @EventSourcingHandler
    void on(DatasetDeprecated event) {
        deprecated = true;
    }
}
