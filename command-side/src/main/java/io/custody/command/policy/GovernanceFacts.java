package io.custody.command.policy;

import io.custody.values.Role;
import io.custody.values.RiskTier;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a policy's rules read about a model version, gathered from the command side's lookup tables in the
 * command's transaction ({@link GovernanceLookups}). For a registration there is no version yet: no
 * validation, no approvals, and the upstream data is the run's.
 */
public record GovernanceFacts(String domain, RiskTier riskTier, List<String> trainers, boolean dirty,
                              Boolean lastValidationPassed, Map<String, Double> lastMetrics,
                              List<Approval> approvals, List<UpstreamDataset> upstream) {

    public GovernanceFacts {
        trainers = List.copyOf(trainers);
        lastMetrics = lastMetrics == null ? Map.of() : Map.copyOf(lastMetrics);
        approvals = List.copyOf(approvals);
        upstream = List.copyOf(upstream);
    }

    /** One approval: who, in which stated role, holding which Custody roles when they approved. */
    public record Approval(String approver, String role, Set<Role> heldRoles) {
    }

    /**
     * A dataset version the model descends from ({@code dataset@version}): read directly by its run
     * ({@code direct}) or further upstream through lineage. {@code tags} are the dataset's and the version's;
     * {@code known} is false for a version only lineage names, whose tags and quarantine are unknown.
     */
    public record UpstreamDataset(String key, String namespace, Set<String> tags, boolean quarantined, boolean known,
                                  boolean direct) {
    }
}
