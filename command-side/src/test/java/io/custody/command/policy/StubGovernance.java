package io.custody.command.policy;

import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.ModelVersionFacts;
import io.custody.command.lookup.CommandLookups.RunFacts;
import io.custody.command.lookup.LineageLookups;
import io.custody.command.policy.GovernanceFacts.Approval;
import io.custody.command.policy.GovernanceFacts.UpstreamDataset;
import io.custody.values.DatasetVersionKey;
import io.custody.values.DatasetVersionRef;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RunId;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Governance} for aggregate tests: the facts come from the stub lookups (approvals without roles, the
 * run's inputs, the stub lineage's quarantined upstream), the policy is the shipped default unless one is given.
 */
public final class StubGovernance implements GovernanceLookups {

    private final CommandLookups lookups;
    private final LineageLookups lineage;

    private StubGovernance(CommandLookups lookups, LineageLookups lineage) {
        this.lookups = lookups;
        this.lineage = lineage;
    }

    public static Governance of(CommandLookups lookups, LineageLookups lineage) {
        return of(lookups, lineage, JdbcPolicySource.shippedDefault());
    }

    public static Governance of(CommandLookups lookups, LineageLookups lineage, PolicyInForce policy) {
        return new Governance(new StubGovernance(lookups, lineage), () -> policy,
                Clock.fixed(Instant.parse("2026-03-04T12:00:00Z"), ZoneOffset.UTC));
    }

    @Override
    public Optional<GovernanceFacts> version(ModelVersionRef version) {
        return lookups.modelVersion(version).map(this::facts);
    }

    private GovernanceFacts facts(ModelVersionFacts facts) {
        List<UpstreamDataset> upstream = new ArrayList<>(inputs(facts.inputs()));
        for (String key : lineage.quarantinedUpstream(facts.ref())) {
            if (upstream.stream().noneMatch(u -> u.key().equals(key))) {
                upstream.add(new UpstreamDataset(key, DatasetVersionKey.parse(key).dataset().namespace(), Set.of(),
                        true, true, false));
            }
        }
        return new GovernanceFacts(null, null, facts.trainedBy() == null ? List.of() : List.of(facts.trainedBy()),
                facts.dirty(), facts.lastValidationPassed(), Map.of(),
                facts.approvers().stream().map(a -> new Approval(a, null, Set.of())).toList(), upstream);
    }

    private List<UpstreamDataset> inputs(List<DatasetVersionRef> inputs) {
        return inputs.stream().map(input -> lookups.datasetVersion(input.dataset(), input.version())
                .map(d -> new UpstreamDataset(input.key(), input.dataset().namespace(), Set.of(), d.quarantined(),
                        true, true))
                .orElse(new UpstreamDataset(input.key(), input.dataset().namespace(), Set.of(), false, false, true)))
                .toList();
    }

    @Override
    public GovernanceFacts registration(ModelName model, RunId run) {
        RunFacts facts = lookups.run(run).orElseThrow();
        return new GovernanceFacts(null, null, facts.trainers(), facts.dirty(), null, Map.of(), List.of(),
                inputs(facts.inputs()));
    }
}
