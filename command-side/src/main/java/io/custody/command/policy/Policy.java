package io.custody.command.policy;

import io.custody.values.Role;
import io.custody.values.RiskTier;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy document as {@link PolicyParser} read it: data-use rules per model domain and deployment gates per
 * environment. A section that is absent asks nothing; docs/governance.md describes every rule.
 */
public record Policy(Map<String, DataUse> dataUse, Map<String, Gates> deployment) {

    public Policy {
        dataUse = Map.copyOf(dataUse);
        deployment = Map.copyOf(deployment);
    }

    /** Which data models of a domain may descend from. {@code allowedNamespaces} null: any namespace. */
    public record DataUse(Set<String> forbiddenTags, List<String> allowedNamespaces) {
    }

    /** What a deployment to one environment must pass. Absent or false switches ask nothing. */
    public record Gates(boolean lastValidationPassed, List<MetricThreshold> metrics, List<ApprovalRequirement> approvals,
                        Map<RiskTier, List<ApprovalRequirement>> riskTierApprovals, SeparationOfDuties separation,
                        boolean cleanCommit, boolean noQuarantinedInputs, Deployers deployers,
                        List<FreezeWindow> freezeWindows) {
    }

    public enum Comparison {
        GE(">="), GT(">"), LE("<="), LT("<"), EQ("==");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double actual, double threshold) {
            return switch (this) {
                case GE -> actual >= threshold;
                case GT -> actual > threshold;
                case LE -> actual <= threshold;
                case LT -> actual < threshold;
                case EQ -> actual == threshold;
            };
        }
    }

    /** {@code auc >= 0.80}, read against the metrics of the version's last validation. */
    public record MetricThreshold(String metric, Comparison comparison, double threshold) {

        public String text() {
            return metric + " " + comparison.symbol + " " + threshold;
        }
    }

    /**
     * {@code count} approvals, each given in {@code role} (as the approval states it, e.g. risk-officer) and by a
     * caller holding {@code heldRole} (a Custody role, as recorded at approval); either may be absent.
     */
    public record ApprovalRequirement(int count, String role, Role heldRole) {

        public String text() {
            String who = (role == null ? "" : " as " + role) + (heldRole == null ? "" : " by a holder of " + heldRole);
            return count + (count == 1 ? " approval" : " approvals") + who;
        }
    }

    public record SeparationOfDuties(boolean approverNotTrainer, boolean deployerNotApprover,
                                     boolean deployerNotTrainer) {
    }

    /** Who may deploy: a caller holding one of the roles, or named among the actors. */
    public record Deployers(Set<Role> roles, Set<String> actors) {
    }

    /** A weekly window, e.g. Friday 16:00 to Monday 08:00 in Europe/London, during which nothing is deployed. */
    public record FreezeWindow(DayOfWeek fromDay, LocalTime fromTime, DayOfWeek toDay, LocalTime toTime, ZoneId zone) {

        public String text() {
            return fromDay + " " + fromTime + " to " + toDay + " " + toTime + " " + zone;
        }
    }
}
