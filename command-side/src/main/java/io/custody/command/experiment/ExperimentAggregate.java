package io.custody.command.experiment;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.experiment.CreateExperiment;
import io.custody.commands.experiment.DeleteExperiment;
import io.custody.commands.experiment.RenameExperiment;
import io.custody.commands.experiment.RestoreExperiment;
import io.custody.commands.experiment.SetExperimentTag;
import io.custody.errors.CustodyException;
import io.custody.events.experiment.ExperimentCreated;
import io.custody.events.experiment.ExperimentDeleted;
import io.custody.events.experiment.ExperimentRenamed;
import io.custody.events.experiment.ExperimentRestored;
import io.custody.events.experiment.ExperimentTagSet;
import io.custody.meta.Streams;
import io.custody.values.ExperimentId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An experiment: the named group MLflow clients create runs in. A name belongs to one live experiment at a
 * time (checked through the command-side lookup of names); a delete is a tombstone that a restore lifts.
 */
@Aggregate(type = "Experiment", cache = AggregateCache.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
class ExperimentAggregate {

    @AggregateIdentifier
    private String streamId;
    private boolean created;
    private String name;
    private boolean deleted;
    private final Map<String, String> tags = new HashMap<>();

    ExperimentAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(CreateExperiment command, ExperimentLookups lookups) {
        if (created) {
            throw CustodyException.conflict("input.experiment", "experiment " + command.experiment()
                    + " already exists");
        }
        requireName(command.name());
        requireFree(lookups, command.name(), command.experiment());
        apply(new ExperimentCreated(command.experiment(), command.name(), command.artifactLocation(), command.tags()));
        return true;
    }

    @CommandHandler
    boolean handle(RenameExperiment command, ExperimentLookups lookups) {
        requireName(command.name());
        requireLive(command.experiment());
        if (command.name().equals(name)) {
            return false;
        }
        requireFree(lookups, command.name(), command.experiment());
        apply(new ExperimentRenamed(command.experiment(), command.name(), name));
        return true;
    }

    @CommandHandler
    boolean handle(DeleteExperiment command) {
        if (deleted) {
            return false;
        }
        apply(new ExperimentDeleted(command.experiment()));
        return true;
    }

    /** A restore gives the experiment its name back, so the name must not have been taken meanwhile. */
    @CommandHandler
    boolean handle(RestoreExperiment command, ExperimentLookups lookups) {
        if (!deleted) {
            return false;
        }
        requireFree(lookups, name, command.experiment());
        apply(new ExperimentRestored(command.experiment()));
        return true;
    }

    @CommandHandler
    boolean handle(SetExperimentTag command) {
        if (command.key() == null || command.key().isBlank()) {
            throw CustodyException.badRequest("input.key", "is required");
        }
        requireLive(command.experiment());
        String value = command.value() == null ? "" : command.value();
        if (value.equals(tags.get(command.key()))) {
            return false;
        }
        apply(new ExperimentTagSet(command.experiment(), command.key(), value));
        return true;
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw CustodyException.badRequest("input.name", "is required");
        }
    }

    private static void requireFree(ExperimentLookups lookups, String name, ExperimentId self) {
        lookups.liveExperimentNamed(name).filter(other -> !Objects.equals(other, self)).ifPresent(other -> {
            throw CustodyException.conflict("input.name", "an experiment named '" + name + "' already exists (id "
                    + other + ")");
        });
    }

    private void requireLive(ExperimentId experiment) {
        if (deleted) {
            throw CustodyException.badRequest("input.experiment", "experiment " + experiment
                    + " is deleted; restore it first");
        }
    }

    @EventSourcingHandler
    void on(ExperimentCreated event) {
        streamId = Streams.experiment(event.experiment());
        created = true;
        name = event.name();
        tags.putAll(event.tags());
    }

    @EventSourcingHandler
    void on(ExperimentRenamed event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(ExperimentDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(ExperimentRestored event) {
        deleted = false;
    }

    @EventSourcingHandler
    void on(ExperimentTagSet event) {
        tags.put(event.key(), event.value());
    }
}
