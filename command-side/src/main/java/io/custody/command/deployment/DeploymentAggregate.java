package io.custody.command.deployment;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.DatasetVersionFacts;
import io.custody.command.lookup.CommandLookups.ModelVersionFacts;
import io.custody.command.lookup.LineageLookups;
import io.custody.commands.deployment.DeployModelVersion;
import io.custody.commands.deployment.RollBack;
import io.custody.commands.deployment.Undeploy;
import io.custody.errors.CustodyException;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.meta.Streams;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One service in one environment and what it serves: a primary version, at most one canary beside it,
 * and the primaries it served before (what a rollback returns to). Production deployments pass the
 * built-in gates; the decision records the policy version it was taken under.
 */
@Aggregate(type = "Deployment", cache = AggregateCache.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
class DeploymentAggregate {

    static final Environment PRODUCTION = Environment.of("production");
    static final String POLICY_VERSION = "builtin-gates/1";

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
    boolean handle(DeployModelVersion command, CommandLookups lookups, LineageLookups lineage) {
        ModelVersionRef version = command.modelVersion();
        Double share = command.canaryShare();
        if (share != null && !(share > 0 && share < 1)) {
            throw CustodyException.badRequest("input.canaryShare", "must be strictly between 0 and 1 (got " + share
                    + "); deploy without canaryShare to make the version the primary");
        }
        ModelVersionFacts facts = usableVersion(version, lookups, "input.version");
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
        if (PRODUCTION.equals(command.environment())) {
            requireGates(facts, lookups, lineage);
        }
        ModelVersionRef replaced = share == null && !version.equals(primary) ? primary : null;
        apply(new ModelVersionDeployed(command.environment(), command.service(), version, share, replaced,
                command.deployedBy(), POLICY_VERSION));
        return true;
    }

    @CommandHandler
    boolean handle(RollBack command, CommandLookups lookups) {
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
        // Going back to the primary itself means abandoning its canary: the canary is what rolls back.
        ModelVersionRef from = target.equals(primary) ? canary : primary;
        apply(new DeploymentRolledBack(command.environment(), command.service(), from, target, command.reason()));
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
        if (facts.get().archived()) {
            throw CustodyException.conflict(field, version + " is archived and can no longer be deployed");
        }
        return facts.get();
    }

    /** Checks every gate and names every one that fails, so one answer tells the caller all there is to fix. */
    private static void requireGates(ModelVersionFacts facts, CommandLookups lookups, LineageLookups lineage) {
        List<String> failed = new ArrayList<>();
        if (facts.lastValidationPassed() == null) {
            failed.add("no validation is recorded");
        } else if (!facts.lastValidationPassed()) {
            failed.add("the last validation failed");
        }
        if (facts.approvers().isEmpty()) {
            failed.add("no approval is recorded");
        }
        if (facts.dirty()) {
            failed.add("it was trained from a dirty working tree, so its commit does not reproduce it");
        }
        for (DatasetVersionRef input : facts.inputs()) {
            Optional<DatasetVersionFacts> dataset = lookups.datasetVersion(input.dataset(), input.version());
            if (dataset.isEmpty()) {
                failed.add("input dataset version " + input.key() + " is unknown, so its quarantine state cannot be checked");
            } else if (dataset.get().quarantined()) {
                failed.add("input dataset version " + input.key() + " is quarantined");
            }
        }
        // Through OpenLineage jobs a version can descend from a quarantined dataset version its run never read.
        for (String upstream : lineage.quarantinedUpstream(facts.ref())) {
            if (facts.inputs().stream().noneMatch(input -> input.key().equals(upstream))) {
                failed.add("it is at risk: it descends from quarantined dataset version " + upstream);
            }
        }
        if (!failed.isEmpty()) {
            throw CustodyException.forbidden("input.version", "production deployment of " + facts.ref()
                    + " is refused under policy " + POLICY_VERSION + ": " + String.join("; ", failed));
        }
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
