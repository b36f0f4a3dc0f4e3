package io.custody.values;

import java.util.List;

/**
 * What a policy decided about one governed command: the policy's name and version, the outcome, and every
 * rule evaluated with its own outcome and reason (the passed ones too, so the decision shows what was checked).
 */
public record PolicyDecision(PolicyName policy, int policyVersion, DecisionOutcome outcome, List<RuleOutcome> rules) {

    public PolicyDecision {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Refused when any rule is. */
    public static PolicyDecision of(PolicyName policy, int policyVersion, List<RuleOutcome> rules) {
        boolean refused = rules.stream().anyMatch(RuleOutcome::refused);
        return new PolicyDecision(policy, policyVersion, refused ? DecisionOutcome.REFUSED : DecisionOutcome.ALLOWED,
                rules);
    }

    /** {@code builtin-gates/1}: how a deployment event's {@code policyVersion} names it. */
    public String label() {
        return policy.value() + "/" + policyVersion;
    }

    public List<RuleOutcome> failed() {
        return rules.stream().filter(RuleOutcome::refused).toList();
    }

    public boolean allowed() {
        return outcome == DecisionOutcome.ALLOWED;
    }
}
