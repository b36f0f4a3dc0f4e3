package io.custody.command.deployment;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.ModelVersionFacts;
import io.custody.command.policy.Governance;
import io.custody.commands.deployment.DeployModelVersion;
import io.custody.commands.deployment.RollBack;
import io.custody.commands.deployment.Undeploy;
import io.custody.errors.CustodyException;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.GovernedCommand;
import io.custody.values.ModelVersionRef;
import io.custody.values.PolicyDecision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One service in one environment and what it serves: a primary version, at most one canary beside it,
 * and the primaries it served before (what a rollback returns to). Every deployment, and every rollback into
 * production, is decided by the policy in force ({@link Governance}); the event records the decision, and a
 * refusal rolls the command back and is recorded in the model's decision stream.
 */
@Aggregate(type = "Deployment", cache = AggregateCache.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
class DeploymentAggregate {

    static final Environment PRODUCTION = Environment.of("production");

    @AggregateIdentifier
    private String streamId;
    private ModelVersionRef primary;
    private ModelVersionRef canary;
    private Double canaryShare;
    /** Earlier primaries, most recent first: a rollback without a target returns to the head. */
    private final Deque<ModelVersionRef> earlierPrimaries = new ArrayDeque<>();
    private final Set<ModelVersionRef> servedAsPrimary = new HashSet<>();

    DeploymentAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(DeployModelVersion command, CommandLookups lookups, Governance governance,
                   @MetaDataValue(value = Metadata.ACTOR, required = false) String actor,
                   @MetaDataValue(value = Metadata.ROLES, required = false) String roles) {
        ModelVersionRef version = command.modelVersion();
        Double share = command.canaryShare();
        if (share != null && !(share > 0 && share < 1)) {
            throw CustodyException.badRequest("input.canaryShare", "must be strictly between 0 and 1 (got " + share
                    + "); deploy without canaryShare to make the version the primary");
        }
        usableVersion(version, lookups, "input.version");
        String where = command.environment() + "/" + command.service();
        if (share == null) {
            if (version.equals(primary) && canary == null) {
                return false;
            }
        } else {
            if (primary == null) {
                throw CustodyException.conflict("input.canaryShare", "nothing serves as primary on " + where
                        + ", so a canary has nothing to run beside; deploy without canaryShare first");
            }
            if (version.equals(primary)) {
                throw CustodyException.conflict("input.canaryShare", version + " is already the primary on " + where);
            }
            if (canary != null && !canary.equals(version)) {
                throw CustodyException.conflict("input.version", "canary " + canary + " is live on " + where
                        + "; promote it (deploy without canaryShare) or roll back before starting another canary");
            }
            if (version.equals(canary) && share.equals(canaryShare)) {
                return false;
            }
        }
        PolicyDecision decision = governance.deployment(GovernedCommand.DEPLOY_MODEL_VERSION, version,
                command.environment(), List.of(nonNull(command.deployedBy()), nonNull(actor)), Governance.roles(roles));
        Governance.require(decision, GovernedCommand.DEPLOY_MODEL_VERSION, version.model(), version.version(),
                command.environment(), command.service(), actor, "input.version");
        ModelVersionRef replaced = share == null && !version.equals(primary) ? primary : null;
        apply(new ModelVersionDeployed(command.environment(), command.service(), version, share, replaced,
                command.deployedBy(), decision.label(), decision));
        return true;
    }

    @CommandHandler
    boolean handle(RollBack command, CommandLookups lookups, Governance governance,
                   @MetaDataValue(value = Metadata.ACTOR, required = false) String actor,
                   @MetaDataValue(value = Metadata.ROLES, required = false) String roles) {
        String where = command.environment() + "/" + command.service();
        if (primary == null) {
            throw CustodyException.conflict("input.toVersion", "nothing is live on " + where
                    + ", so there is nothing to roll back; deploy a version instead");
        }
        ModelVersionRef target;
        if (command.toVersion() != null) {
            if (command.toVersion() < 1) {
                throw CustodyException.badRequest("input.toVersion", "must be 1 or more");
            }
            target = new ModelVersionRef(primary.model(), command.toVersion());
            if (target.equals(primary) && canary == null) {
                return false;
            }
            if (!servedAsPrimary.contains(target)) {
                throw CustodyException.conflict("input.toVersion", target + " never served as primary on " + where
                        + "; a rollback returns to a version that served here, deploy it instead (gates apply)");
            }
        } else {
            if (earlierPrimaries.isEmpty()) {
                throw CustodyException.conflict("input.toVersion", "no earlier primary served on " + where
                        + ", so there is nothing to roll back to");
            }
            target = earlierPrimaries.peek();
        }
        usableVersion(target, lookups, "input.toVersion");
        PolicyDecision decision = null;
        if (PRODUCTION.equals(command.environment())) {
            decision = governance.deployment(GovernedCommand.ROLL_BACK, target, command.environment(),
                    List.of(nonNull(actor)), Governance.roles(roles));
            Governance.require(decision, GovernedCommand.ROLL_BACK, target.model(), target.version(),
                    command.environment(), command.service(), actor, "input.toVersion");
        }
        // Going back to the primary itself means abandoning its canary: the canary is what rolls back.
        ModelVersionRef from = target.equals(primary) ? canary : primary;
        apply(new DeploymentRolledBack(command.environment(), command.service(), from, target, command.reason(),
                decision));
        return true;
    }

    @CommandHandler
    boolean handle(Undeploy command) {
        List<ModelVersionRef> live = Stream.of(primary, canary).filter(v -> v != null).toList();
        if (live.isEmpty()) {
            return false;
        }
        apply(new ModelUndeployed(command.environment(), command.service(), live, command.reason()));
        return true;
    }

    private static ModelVersionFacts usableVersion(ModelVersionRef version, CommandLookups lookups, String field) {
        Optional<ModelVersionFacts> facts = lookups.modelVersion(version);
        if (facts.isEmpty()) {
            if (!lookups.modelExists(version.model())) {
                throw CustodyException.notFound("input.model", "model " + version.model() + " is not registered");
            }
            throw CustodyException.notFound(field, "model " + version.model() + " has no version " + version.version());
        }
        if (lookups.modelDeleted(version.model())) {
            throw CustodyException.conflict(field, "model " + version.model() + " was deleted and can no longer be "
                    + "deployed");
        }
        if (facts.get().archived()) {
            throw CustodyException.conflict(field, version + " is archived and can no longer be deployed");
        }
        return facts.get();
    }

    private static String nonNull(String name) {
        return name == null ? "" : name;
    }

    @EventSourcingHandler
    void on(ModelVersionDeployed event) {
        streamId = Streams.deployment(event.environment(), event.service());
        if (event.canaryShare() != null) {
            canary = event.modelVersion();
            canaryShare = event.canaryShare();
            return;
        }
        if (primary != null && !primary.equals(event.modelVersion())) {
            earlierPrimaries.push(primary);
        }
        primary = event.modelVersion();
        servedAsPrimary.add(primary);
        canary = null;
        canaryShare = null;
    }

    @EventSourcingHandler
    void on(DeploymentRolledBack event) {
        // Going back to the primary itself only ends the canary; the earlier primaries stay as they were.
        if (!event.to().equals(primary)) {
            if (earlierPrimaries.contains(event.to())) {
                // The primaries served after the target are what is rolled back.
                ModelVersionRef dropped;
                do {
                    dropped = earlierPrimaries.pop();
                } while (!dropped.equals(event.to()));
            } else if (primary != null) {
                earlierPrimaries.push(primary);
            }
        }
        primary = event.to();
        servedAsPrimary.add(primary);
        canary = null;
        canaryShare = null;
    }

    @EventSourcingHandler
    void on(ModelUndeployed event) {
        if (primary != null) {
            earlierPrimaries.push(primary);
        }
        primary = null;
        canary = null;
        canaryShare = null;
    }
}
