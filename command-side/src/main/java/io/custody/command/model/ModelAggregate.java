package io.custody.command.model;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.RunFacts;
import io.custody.command.lookup.CommandLookups.RunStatus;
import io.custody.command.policy.Governance;
import io.custody.commands.model.ApproveModelVersion;
import io.custody.commands.model.DeleteModelTag;
import io.custody.commands.model.DeleteRegisteredModel;
import io.custody.commands.model.ArchiveModelVersion;
import io.custody.commands.model.RecordValidation;
import io.custody.commands.model.RegisterModel;
import io.custody.commands.model.RegisterModelVersion;
import io.custody.commands.model.RemoveAlias;
import io.custody.commands.model.RenameRegisteredModel;
import io.custody.commands.model.SetModelTags;
import io.custody.commands.model.SetAlias;
import io.custody.commands.model.TransitionModelVersionStage;
import io.custody.commands.model.UpdateModelDescription;
import io.custody.errors.CustodyException;
import io.custody.events.model.AliasRemoved;
import io.custody.events.model.AliasSet;
import io.custody.events.model.ModelDescriptionUpdated;
import io.custody.events.model.ModelVersionStageTransitioned;
import io.custody.events.model.ModelTagDeleted;
import io.custody.events.model.ModelTagsSet;
import io.custody.events.model.RegisteredModelDeleted;
import io.custody.events.model.RegisteredModelRenamed;
import io.custody.events.model.ModelRegistered;
import io.custody.events.model.ModelVersionApproved;
import io.custody.events.model.ModelVersionArchived;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.model.ValidationRecorded;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.values.Alias;
import io.custody.values.GovernedCommand;
import io.custody.values.ModelName;
import io.custody.values.PolicyDecision;
import io.custody.values.RiskTier;
import io.custody.values.RunId;
import io.custody.values.TeamName;
import io.custody.values.ValidationCheck;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A registered model and its versions. Versions live in the model's stream because Custody numbers
 * them (previous highest + 1) and an alias names one version of the model: both need every version of
 * the model in one place, and the stream's optimistic lock keeps two registrations from taking one number.
 */
@Aggregate(type = "Model", cache = AggregateCache.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
class ModelAggregate {

    @AggregateIdentifier
    private String streamId;
    private boolean registered;
    private boolean deleted;
    private TeamName owner;
    private String domain;
    private RiskTier riskTier;
    private String description;
    private final TreeMap<Integer, VersionState> versions = new TreeMap<>();
    private final Map<Alias, Integer> aliases = new HashMap<>();
    /** MLflow stages of versions not in None. */
    private final Map<Integer, String> stages = new HashMap<>();
    private final Map<Integer, String> versionDescriptions = new HashMap<>();
    private final ModelMlflowFacets mlflow = new ModelMlflowFacets();

    ModelAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RegisterModel command, CommandLookups lookups) {
        lookups.modelNamed(command.model()).filter(other -> !other.equals(command.model())).ifPresent(other -> {
            throw CustodyException.conflict("input.name", "MLflow clients know model " + other + " by the name "
                    + command.model() + " (registered-models/rename)");
        });
        if (deleted) {
            throw CustodyException.conflict("input.name", "model " + command.model() + " was deleted; its name stays "
                    + "its identity in every recorded event and is not registered again");
        }
        if (registered) {
            if (Objects.equals(owner, command.owner()) && Objects.equals(domain, command.domain())
                    && riskTier == command.riskTier() && Objects.equals(description, command.description())) {
                return false;
            }
            throw CustodyException.conflict("input.name", "model " + command.model() + " is already registered "
                    + "(owner " + owner + ", risk tier " + riskTier + "); registration is not an update");
        }
        if (command.owner() == null) {
            throw CustodyException.badRequest("input.owner", "is required");
        }
        if (command.riskTier() == null) {
            throw CustodyException.badRequest("input.riskTier", "is required: the gates a version faces depend on it");
        }
        apply(new ModelRegistered(command.model(), command.owner(), command.domain(), command.riskTier(),
                command.description()));
        return true;
    }

    /** Answers the version's number: the one assigned now, or, for a repeat, the one assigned before. */
    @CommandHandler
    Integer handle(RegisterModelVersion command, CommandLookups lookups, Governance governance,
                   @MetaDataValue(value = Metadata.ACTOR, required = false) String actor,
                   @MetaDataValue(value = Metadata.ROLES, required = false) String roles) {
        requireRegistered(command.model());
        if (command.artifactDigest() == null) {
            throw CustodyException.badRequest("input.artifactDigest", "is required: the digest pins what was deployed");
        }
        if (!command.artifactDigest().pinsContent()) {
            throw CustodyException.badRequest("input.artifactDigest", "must be sha256: followed by 64 hex digits: "
                    + "the digest pins what was deployed");
        }
        if (command.artifactUri() == null || command.artifactUri().isBlank()) {
            throw CustodyException.badRequest("input.artifactUri", "is required");
        }
        for (Map.Entry<Integer, VersionState> existing : versions.entrySet()) {
            if (existing.getValue().run().equals(command.run())
                    && existing.getValue().artifactDigest().equals(command.artifactDigest())) {
                return existing.getKey();
            }
        }
        RunFacts run = lookups.run(command.run()).orElseThrow(() -> CustodyException.notFound("input.run",
                "run " + command.run() + " is not recorded; a model version must come from a recorded run"));
        if (run.status() != RunStatus.COMPLETED) {
            throw CustodyException.conflict("input.run", "run " + command.run() + " is " + run.status()
                    + "; a model version can only come from a completed run");
        }
        // Data use is checked before a number is given: a refused registration takes none.
        PolicyDecision decision = governance.registration(command.model(), command.run(), actor,
                Governance.roles(roles));
        Governance.require(decision, GovernedCommand.REGISTER_MODEL_VERSION, command.model(), null, null, null, actor,
                "input.run");
        int number = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        apply(new ModelVersionRegistered(command.model(), number, command.run(), command.artifactUri(),
                command.artifactDigest(), command.inputSignature(), command.description(), decision));
        return number;
    }

    @CommandHandler
    boolean handle(RecordValidation command) {
        requireRegistered(command.model());
        requireUsable(command.model(), command.version());
        if (command.checks() == null || command.checks().isEmpty()) {
            throw CustodyException.badRequest("input.checks", "a validation needs at least one check; "
                    + "with none it would pass without having tested anything");
        }
        if (command.metrics() != null) {
            command.metrics().forEach((name, value) -> {
                if (value == null || value.isNaN() || value.isInfinite()) {
                    throw CustodyException.badRequest("input.metrics", "metric " + name + " must be a finite number");
                }
            });
        }
        boolean passed = command.checks().stream().allMatch(ValidationCheck::passed);
        apply(new ValidationRecorded(command.model(), command.version(), command.metrics(), command.checks(), passed,
                command.validatedBy()));
        return true;
    }

    @CommandHandler
    boolean handle(ApproveModelVersion command, CommandLookups lookups,
                   @MetaDataValue(value = Metadata.ROLES, required = false) String roles) {
        requireRegistered(command.model());
        VersionState version = requireUsable(command.model(), command.version());
        if (command.approver() == null || command.approver().isBlank()) {
            throw CustodyException.badRequest("input.approver", "is required");
        }
        String ref = command.model() + "#" + command.version();
        List<String> trainers = lookups.run(version.run()).map(RunFacts::trainers).orElse(List.of());
        if (trainers.isEmpty()) {
            throw CustodyException.forbidden("input.version", "who trained " + ref + " (run " + version.run()
                    + ") is unknown, so an approval cannot be shown to come from someone else");
        }
        // The run's own startedBy and the authenticated actor who sent its start both count: a token that
        // started a run "as bob" is still its trainer.
        if (trainers.stream().anyMatch(command.approver()::equalsIgnoreCase)) {
            throw CustodyException.forbidden("input.version", command.approver() + " trained " + ref + " (run "
                    + version.run() + ") and cannot approve it: the approver must not be the person who trained it");
        }
        if (version.approvers().contains(command.approver())) {
            return false;
        }
        // The sender's roles are recorded with the approval: a policy may ask for approvals by role holders.
        apply(new ModelVersionApproved(command.model(), command.version(), command.approver(), command.role(),
                command.comment(), Governance.roles(roles)));
        return true;
    }

    @CommandHandler
    boolean handle(SetAlias command) {
        requireRegistered(command.model());
        requireUsable(command.model(), command.version());
        Integer previous = aliases.get(command.alias());
        if (previous != null && previous == command.version()) {
            return false;
        }
        apply(new AliasSet(command.model(), command.alias(), command.version(), previous));
        return true;
    }

    @CommandHandler
    boolean handle(RemoveAlias command) {
        requireRegistered(command.model());
        Integer version = aliases.get(command.alias());
        if (version == null) {
            throw CustodyException.notFound("input.alias", "model " + command.model() + " has no alias "
                    + command.alias());
        }
        apply(new AliasRemoved(command.model(), command.alias(), version));
        return true;
    }

    @CommandHandler
    boolean handle(ArchiveModelVersion command) {
        requireRegistered(command.model());
        VersionState version = requireVersion(command.model(), command.version());
        if (version.archived()) {
            return false;
        }
        apply(new ModelVersionArchived(command.model(), command.version(), command.reason()));
        return true;
    }

    /**
     * An MLflow stage transition, recorded as such and mapped onto the alias of the stage's name: the alias
     * moves to this version, and the alias of the stage it leaves is removed if it pointed here.
     */
    @CommandHandler
    boolean handle(TransitionModelVersionStage command) {
        requireRegistered(command.model());
        requireUsable(command.model(), command.version());
        String stage = ModelStages.canonical(command.stage());
        String previous = stages.getOrDefault(command.version(), ModelStages.NONE);
        if (previous.equals(stage) && !command.archiveExisting()) {
            return false;
        }
        if (command.archiveExisting() && ModelStages.archivesOthers(stage)) {
            stages.entrySet().stream().filter(e -> e.getValue().equals(stage) && e.getKey() != command.version())
                    .map(Map.Entry::getKey).sorted().toList()
                    .forEach(other -> move(command.model(), other, ModelStages.ARCHIVED, stage));
        }
        if (!previous.equals(stage)) {
            move(command.model(), command.version(), stage, previous);
        }
        return true;
    }

    private void move(ModelName model, int version, String stage, String previous) {
        apply(new ModelVersionStageTransitioned(model, version, stage, previous));
        ModelStages.alias(previous).filter(a -> Integer.valueOf(version).equals(aliases.get(a)))
                .ifPresent(a -> apply(new AliasRemoved(model, a, version)));
        ModelStages.alias(stage).filter(a -> !Integer.valueOf(version).equals(aliases.get(a)))
                .ifPresent(a -> apply(new AliasSet(model, a, version, aliases.get(a))));
    }

    @CommandHandler
    boolean handle(UpdateModelDescription command) {
        requireRegistered(command.model());
        String current = description;
        if (command.version() != null) {
            requireVersion(command.model(), command.version());
            current = versionDescriptions.get(command.version());
        }
        if (Objects.equals(current, command.description())) {
            return false;
        }
        apply(new ModelDescriptionUpdated(command.model(), command.version(), command.description()));
        return true;
    }

    /**
     * A tombstone: the stream and its name stay. Refused while a version serves on a deployment, so that no live
     * traffic comes from a model the registry no longer shows; undeploy first.
     */
    @CommandHandler
    boolean handle(DeleteRegisteredModel command, CommandLookups lookups) {
        requireRegistered(command.model());
        List<String> live = lookups.liveDeployments(command.model());
        if (!live.isEmpty()) {
            throw CustodyException.conflict("input.model", "model " + command.model() + " serves on " + live
                    + "; undeploy it before deleting the model");
        }
        apply(new RegisteredModelDeleted(command.model()));
        return true;
    }

    @CommandHandler
    boolean handle(SetModelTags command) {
        requireRegistered(command.model());
        if (command.version() != null) {
            requireVersion(command.model(), command.version());
        }
        return applied(mlflow.set(command));
    }

    @CommandHandler
    boolean handle(DeleteModelTag command) {
        requireRegistered(command.model());
        return applied(mlflow.delete(command));
    }

    @CommandHandler
    boolean handle(RenameRegisteredModel command, CommandLookups lookups) {
        requireRegistered(command.model());
        return applied(mlflow.rename(command, lookups));
    }

    private static boolean applied(java.util.Optional<?> event) {
        event.ifPresent(AggregateLifecycle::apply);
        return event.isPresent();
    }

    private void requireRegistered(ModelName model) {
        // Axon answers "not found" for an empty stream before we get here; this guards a stream in
        // which only creation-policy handlers ran so far.
        if (!registered) {
            throw CustodyException.notFound("input.model", "model " + model + " is not registered");
        }
        if (deleted) {
            throw CustodyException.notFound("input.model", "model " + model + " was deleted");
        }
    }

    private VersionState requireVersion(ModelName model, int number) {
        VersionState version = versions.get(number);
        if (version == null) {
            throw CustodyException.notFound("input.version", "model " + model + " has no version " + number);
        }
        return version;
    }

    private VersionState requireUsable(ModelName model, int number) {
        VersionState version = requireVersion(model, number);
        if (version.archived()) {
            throw CustodyException.conflict("input.version", model + "#" + number + " is archived; an archived "
                    + "version takes no validations, approvals, aliases or deployments");
        }
        return version;
    }

    @EventSourcingHandler
    void on(ModelRegistered event) {
        streamId = Streams.model(event.model());
        registered = true;
        owner = event.owner();
        domain = event.domain();
        riskTier = event.riskTier();
        description = event.description();
    }

    @EventSourcingHandler
    void on(ModelVersionRegistered event) {
        versions.put(event.version(), new VersionState(event.run(), event.artifactDigest(), false, Set.of()));
        if (event.description() != null) {
            versionDescriptions.put(event.version(), event.description());
        }
    }

    @EventSourcingHandler
    void on(ModelVersionApproved event) {
        versions.computeIfPresent(event.version(), (n, v) -> v.approvedBy(event.approver()));
    }

    @EventSourcingHandler
    void on(ModelVersionArchived event) {
        versions.computeIfPresent(event.version(), (n, v) -> v.archive());
    }

    @EventSourcingHandler
    void on(AliasSet event) {
        aliases.put(event.alias(), event.version());
    }

    @EventSourcingHandler
    void on(AliasRemoved event) {
        aliases.remove(event.alias());
    }

    @EventSourcingHandler
    void on(ModelVersionStageTransitioned event) {
        if (ModelStages.NONE.equals(event.stage())) {
            stages.remove(event.version());
        } else {
            stages.put(event.version(), event.stage());
        }
    }

    @EventSourcingHandler
    void on(ModelDescriptionUpdated event) {
        if (event.version() == null) {
            description = event.description();
        } else {
            versionDescriptions.put(event.version(), event.description());
        }
    }

    @EventSourcingHandler
    void on(RegisteredModelDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(ModelTagsSet event) {
        mlflow.on(event);
    }

    @EventSourcingHandler
    void on(ModelTagDeleted event) {
        mlflow.on(event);
    }

    @EventSourcingHandler
    void on(RegisteredModelRenamed event) {
        mlflow.on(event);
    }
}
