package io.custody.values;

/**
 * One rule of a policy as it was evaluated: its path in the document ({@code deployment.production.metrics[0]}),
 * what it asks ({@code auc >= 0.80}), whether it passed, and why, in words an auditor can read.
 */
public record RuleOutcome(String rule, String requirement, DecisionOutcome outcome, String reason) {

    public boolean refused() {
        return outcome == DecisionOutcome.REFUSED;
    }
}
