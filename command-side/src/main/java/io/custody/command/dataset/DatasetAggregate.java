package io.custody.command.dataset;

import io.custody.command.api.AggregateCache;
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
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A dataset and its versions. Versions live inside the dataset's stream because the rule that matters
 * most, "a label means one content digest forever", needs every label of the dataset in one place.
 */
@Aggregate(type = "Dataset", cache = AggregateCache.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
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
        if (registered) {
            if (Objects.equals(owner, command.owner()) && Objects.equals(description, command.description())
                    && Objects.equals(tags, command.tags())) {
                return false;
            }
            throw CustodyException.conflict("input.name", "dataset " + command.dataset()
                    + " is already registered (owner " + owner + "); registration is not an update");
        }
        if (command.owner() == null) {
            throw CustodyException.badRequest("input.owner", "must not be empty");
        }
        apply(new DatasetRegistered(command.dataset(), command.owner(), command.description(), command.tags()));
        return true;
    }

    @CommandHandler
    boolean handle(RegisterDatasetVersion command) {
        requireRegistered(command.dataset().value());
        Version existing = versions.get(command.version());
        if (existing != null) {
            if (existing.digest().equals(command.digest())) {
                return false;
            }
            throw CustodyException.conflict("input.digest", "version " + command.version() + " of " + command.dataset()
                    + " is already registered with digest " + existing.digest() + "; a version is immutable, so "
                    + command.digest() + " needs a new version label");
        }
        if (deprecated) {
            throw CustodyException.conflict("input.dataset", "dataset " + command.dataset()
                    + " is deprecated and takes no new versions");
        }
        if (command.rowCount() != null && command.rowCount() < 0) {
            throw CustodyException.badRequest("input.rowCount", "must be zero or more");
        }
        apply(new DatasetVersionRegistered(command.dataset(), command.version(), command.location(),
                command.digest(), command.schema(), command.rowCount(), command.tags(), command.profile(),
                command.producedByRun()));
        return true;
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
        // Axon loads an aggregate with no events as "not found" before we get here; this guards
        // the case where only creation-policy handlers ran so far.
        if (!registered) {
            throw CustodyException.notFound("input.dataset", "dataset " + name + " is not registered");
        }
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
