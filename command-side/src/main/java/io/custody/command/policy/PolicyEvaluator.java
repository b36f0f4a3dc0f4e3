package io.custody.command.policy;

import io.custody.command.policy.GovernanceFacts.Approval;
import io.custody.command.policy.GovernanceFacts.UpstreamDataset;
import io.custody.command.policy.Policy.ApprovalRequirement;
import io.custody.command.policy.Policy.DataUse;
import io.custody.command.policy.Policy.FreezeWindow;
import io.custody.command.policy.Policy.Gates;
import io.custody.command.policy.Policy.MetricThreshold;
import io.custody.values.DecisionOutcome;
import io.custody.values.GovernedCommand;
import io.custody.values.RuleOutcome;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates a policy's rules against a model version's facts and an attempt, and answers every rule that
 * applies with its outcome and its reason: nothing is cut short at the first failure, so one answer says all
 * there is to fix. A pure function: it reads nothing but its arguments.
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    public static List<RuleOutcome> evaluate(Policy policy, GovernanceFacts facts, Attempt attempt) {
        List<RuleOutcome> rules = new ArrayList<>();
        DataUse dataUse = facts.domain() == null ? null : policy.dataUse().get(facts.domain());
        if (dataUse != null) {
            dataUse(rules, "dataUse." + facts.domain(), facts, dataUse);
        }
        Gates gates = attempt.environment() == null || attempt.command() == GovernedCommand.REGISTER_MODEL_VERSION
                ? null : policy.deployment().get(attempt.environment().value());
        if (gates != null) {
            new GateChecks(rules, "deployment." + attempt.environment().value(), facts, attempt).check(gates);
        }
        return List.copyOf(rules);
    }

    private static void dataUse(List<RuleOutcome> rules, String path, GovernanceFacts facts, DataUse use) {
        String domain = "models of domain " + facts.domain();
        if (!use.forbiddenTags().isEmpty()) {
            String requirement = "no data tagged " + String.join(", ", use.forbiddenTags());
            List<String> offending = new ArrayList<>();
            for (UpstreamDataset dataset : facts.upstream()) {
                if (dataset.tags().isEmpty()) {
                    continue;
                }
                Set<String> hit = dataset.tags().stream().filter(use.forbiddenTags()::contains)
                        .collect(Collectors.toCollection(java.util.TreeSet::new));
                if (!hit.isEmpty()) {
                    offending.add(dataset.key() + " " + where(dataset) + " is tagged " + String.join(", ", hit));
                }
            }
            rules.add(offending.isEmpty()
                    ? pass(path + ".forbiddenTags", requirement, "none of the " + facts.upstream().size()
                    + " dataset versions it descends from is tagged " + String.join(", ", use.forbiddenTags()))
                    : fail(path + ".forbiddenTags", requirement, domain + " may not use data tagged "
                    + String.join(", ", use.forbiddenTags()) + ": " + String.join("; ", offending)));
        }
        if (use.allowedNamespaces() != null) {
            String requirement = "data only from namespaces " + String.join(", ", use.allowedNamespaces());
            List<String> offending = facts.upstream().stream()
                    .filter(d -> use.allowedNamespaces().stream().noneMatch(ns -> within(d.namespace(), ns)))
                    .map(d -> d.key() + " " + where(d) + " is in namespace " + d.namespace()).toList();
            rules.add(offending.isEmpty()
                    ? pass(path + ".allowedNamespaces", requirement, "every dataset version it descends from is in "
                    + "an allowed namespace")
                    : fail(path + ".allowedNamespaces", requirement, domain + " may only use data from namespaces "
                    + String.join(", ", use.allowedNamespaces()) + ": " + String.join("; ", offending)));
        }
    }

    private static boolean within(String namespace, String allowed) {
        return namespace.equals(allowed) || namespace.startsWith(allowed + "/");
    }

    private static String where(UpstreamDataset dataset) {
        return dataset.direct() ? "(read by its run)" : "(upstream through lineage)";
    }

    static RuleOutcome pass(String rule, String requirement, String reason) {
        return new RuleOutcome(rule, requirement, DecisionOutcome.ALLOWED, reason);
    }

    static RuleOutcome fail(String rule, String requirement, String reason) {
        return new RuleOutcome(rule, requirement, DecisionOutcome.REFUSED, reason);
    }

    /** The gates of one environment, for one attempt. */
    private record GateChecks(List<RuleOutcome> rules, String path, GovernanceFacts facts, Attempt attempt) {

        void check(Gates gates) {
            if (gates.lastValidationPassed()) {
                Boolean passed = facts.lastValidationPassed();
                rules.add(passed == null ? fail(path + ".validation.lastPassed", "the last validation passed",
                        "no validation is recorded")
                        : passed ? pass(path + ".validation.lastPassed", "the last validation passed",
                        "the last validation passed")
                        : fail(path + ".validation.lastPassed", "the last validation passed", "the last validation failed"));
            }
            for (int i = 0; i < gates.metrics().size(); i++) {
                metric(path + ".validation.metrics[" + i + "]", gates.metrics().get(i));
            }
            for (int i = 0; i < gates.approvals().size(); i++) {
                approvals(path + ".approvals[" + i + "]", gates.approvals().get(i), gates);
            }
            if (facts.riskTier() != null) {
                List<ApprovalRequirement> extra = gates.riskTierApprovals().getOrDefault(facts.riskTier(), List.of());
                for (int i = 0; i < extra.size(); i++) {
                    approvals(path + ".riskTiers." + facts.riskTier() + ".approvals[" + i + "]", extra.get(i), gates);
                }
            }
            separation(gates.separation());
            if (gates.cleanCommit()) {
                rules.add(facts.dirty() ? fail(path + ".cleanCommit", "trained from a clean commit", "it was trained "
                        + "from a dirty working tree (or unknown code), so its commit does not reproduce it")
                        : pass(path + ".cleanCommit", "trained from a clean commit", "its commit is clean"));
            }
            if (gates.noQuarantinedInputs()) {
                quarantine(path + ".noQuarantinedInputs");
            }
            if (gates.deployers() != null) {
                deployers(path + ".deployers", gates.deployers());
            }
            for (int i = 0; i < gates.freezeWindows().size(); i++) {
                freeze(path + ".freezeWindows[" + i + "]", gates.freezeWindows().get(i));
            }
        }

        private void metric(String rule, MetricThreshold threshold) {
            String requirement = threshold.text();
            Double value = facts.lastMetrics().get(threshold.metric());
            if (facts.lastValidationPassed() == null) {
                rules.add(fail(rule, requirement, "no validation is recorded, so " + threshold.metric() + " is unknown"));
            } else if (value == null) {
                rules.add(fail(rule, requirement, "the last validation recorded no metric " + threshold.metric()));
            } else if (!threshold.comparison().holds(value, threshold.threshold())) {
                rules.add(fail(rule, requirement, threshold.metric() + " is " + value + " in the last validation; "
                        + "the policy needs " + requirement));
            } else {
                rules.add(pass(rule, requirement, threshold.metric() + " is " + value));
            }
        }

        private void approvals(String rule, ApprovalRequirement requirement, Gates gates) {
            boolean excludeTrainers = gates.separation().approverNotTrainer();
            long have = facts.approvals().stream()
                    .filter(a -> requirement.role() == null || requirement.role().equalsIgnoreCase(a.role()))
                    .filter(a -> requirement.heldRole() == null || a.heldRoles().contains(requirement.heldRole()))
                    .filter(a -> !(excludeTrainers && isTrainer(a.approver())))
                    .map(a -> a.approver().toLowerCase(java.util.Locale.ROOT)).distinct().count();
            String text = requirement.text();
            String none = facts.approvals().isEmpty() ? "no approval is recorded; " : "";
            rules.add(have >= requirement.count() ? pass(rule, text, "has " + have + " of " + text)
                    : fail(rule, text, none + "has " + have + " of " + text + ": " + (requirement.count() - have)
                    + " missing"));
        }

        private void separation(Policy.SeparationOfDuties separation) {
            String base = path + ".separationOfDuties.";
            if (separation.approverNotTrainer()) {
                List<String> both = facts.approvals().stream().map(Approval::approver).filter(this::isTrainer)
                        .distinct().toList();
                rules.add(both.isEmpty() ? pass(base + "approverNotTrainer", "no approver trained it",
                        "no approver trained it")
                        : fail(base + "approverNotTrainer", "no approver trained it", String.join(", ", both)
                        + " trained it and approved it; the approver must not be the person who trained it"));
            }
            if (separation.deployerNotApprover()) {
                List<String> both = attempt.deployers().stream().filter(d -> facts.approvals().stream()
                        .anyMatch(a -> a.approver().equalsIgnoreCase(d))).toList();
                rules.add(both.isEmpty() ? pass(base + "deployerNotApprover", "the deployer did not approve it",
                        "the deployer did not approve it")
                        : fail(base + "deployerNotApprover", "the deployer did not approve it", String.join(", ", both)
                        + " approved it and may not also deploy it"));
            }
            if (separation.deployerNotTrainer()) {
                List<String> both = attempt.deployers().stream().filter(this::isTrainer).toList();
                rules.add(both.isEmpty() ? pass(base + "deployerNotTrainer", "the deployer did not train it",
                        "the deployer did not train it")
                        : fail(base + "deployerNotTrainer", "the deployer did not train it", String.join(", ", both)
                        + " trained it and may not also deploy it"));
            }
        }

        private boolean isTrainer(String name) {
            return facts.trainers().stream().anyMatch(name::equalsIgnoreCase);
        }

        private void quarantine(String rule) {
            String requirement = "no quarantined or at-risk inputs";
            List<String> problems = new ArrayList<>();
            for (UpstreamDataset dataset : facts.upstream()) {
                if (dataset.direct() && !dataset.known()) {
                    problems.add("input dataset version " + dataset.key()
                            + " is unknown, so its quarantine state cannot be checked");
                } else if (dataset.quarantined()) {
                    problems.add(dataset.direct() ? "input dataset version " + dataset.key() + " is quarantined"
                            : "it is at risk: it descends from quarantined dataset version " + dataset.key());
                }
            }
            rules.add(problems.isEmpty() ? pass(rule, requirement, "nothing it descends from is quarantined")
                    : fail(rule, requirement, String.join("; ", problems)));
        }

        private void deployers(String rule, Policy.Deployers deployers) {
            String requirement = "deployed by " + (deployers.roles().isEmpty() ? "" : "a holder of "
                    + deployers.roles().stream().map(Enum::name).collect(Collectors.joining(" or ")))
                    + (deployers.roles().isEmpty() || deployers.actors().isEmpty() ? "" : " or ")
                    + (deployers.actors().isEmpty() ? "" : String.join(", ", deployers.actors()));
            boolean byRole = attempt.roles().stream().anyMatch(deployers.roles()::contains);
            boolean byName = attempt.deployers().stream().anyMatch(d -> deployers.actors().stream()
                    .anyMatch(d::equalsIgnoreCase));
            rules.add(byRole || byName ? pass(rule, requirement, String.join(", ", attempt.deployers())
                    + (byName ? " is named" : " holds " + roles()))
                    : fail(rule, requirement, String.join(", ", attempt.deployers()) + " (roles " + roles()
                    + ") may not deploy to " + attempt.environment()));
        }

        private String roles() {
            return attempt.roles().isEmpty() ? "none known"
                    : attempt.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
        }

        private void freeze(String rule, FreezeWindow window) {
            String requirement = "no deployment " + window.text();
            ZonedDateTime now = attempt.at().atZone(window.zone());
            int at = minuteOfWeek(now.getDayOfWeek().getValue(), now.getHour() * 60 + now.getMinute());
            int from = minuteOfWeek(window.fromDay().getValue(), window.fromTime().getHour() * 60
                    + window.fromTime().getMinute());
            int to = minuteOfWeek(window.toDay().getValue(), window.toTime().getHour() * 60 + window.toTime().getMinute());
            boolean inside = from <= to ? at >= from && at < to : at >= from || at < to;
            String local = now.getDayOfWeek() + " " + now.toLocalTime().withSecond(0).withNano(0) + " " + window.zone();
            rules.add(inside ? fail(rule, requirement, "it is " + local + ", inside the freeze window " + window.text())
                    : pass(rule, requirement, "it is " + local + ", outside the freeze window"));
        }

        private static int minuteOfWeek(int isoDay, int minuteOfDay) {
            return (isoDay - 1) * 24 * 60 + minuteOfDay;
        }
    }

    /** The reasons of the failed rules, one per line, for a refusal's message. */
    public static String failures(List<RuleOutcome> rules) {
        return rules.stream().filter(RuleOutcome::refused).map(r -> r.rule() + ": " + r.reason())
                .collect(Collectors.joining("; "));
    }
}
