package io.custody.webhook;

import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.events.policy.PolicyDecisionRecorded;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.values.DecisionOutcome;
import io.custody.values.GovernedCommand;
import io.custody.values.ModelName;
import io.custody.values.NotificationKind;
import io.custody.values.PolicyDecision;
import io.custody.values.PolicyName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationsTest {

    @Test
    void deployments_quarantines_and_policy_decisions_notify_by_their_class() {
        assertThat(Notifications.kindOf(ModelVersionDeployed.class)).contains(NotificationKind.DEPLOYMENT);
        assertThat(Notifications.kindOf(DeploymentRolledBack.class)).contains(NotificationKind.DEPLOYMENT);
        assertThat(Notifications.kindOf(ModelUndeployed.class)).contains(NotificationKind.DEPLOYMENT);
        assertThat(Notifications.kindOf(DatasetVersionQuarantined.class)).contains(NotificationKind.DATASET_QUARANTINE);
        assertThat(Notifications.kindOf(PolicyDecisionRecorded.class)).contains(NotificationKind.POLICY_REFUSAL);
    }

    @Test
    void other_events_notify_nothing_so_the_outbox_never_reads_their_payload() {
        assertThat(Notifications.kindOf(PredictionsRecorded.class)).isEmpty();
        assertThat(Notifications.kindOf(DatasetVersionRegistered.class)).isEmpty();
    }

    @Test
    void monitoring_alerts_are_known_by_package_and_simple_name() {
        for (String name : List.of("DriftDetected", "PerformanceDegraded", "MonitorRecovered", "AlertAcknowledged",
                "AlertResolved")) {
            assertThat(Notifications.alertByName("io.custody.events.monitoring." + name)).contains(NotificationKind.ALERT);
        }
        assertThat(Notifications.alertByName("io.custody.events.monitoring.MonitorCreated")).isEmpty();
        assertThat(Notifications.alertByName("io.custody.events.other.DriftDetected")).isEmpty();
        assertThat(Notifications.alertByName("DriftDetected")).isEmpty();
    }

    @Test
    void a_policy_decision_notifies_only_a_refusal() {
        assertThat(Notifications.kindOf((Object) decision(DecisionOutcome.REFUSED))).contains(NotificationKind.POLICY_REFUSAL);
        assertThat(Notifications.kindOf((Object) decision(DecisionOutcome.ALLOWED))).isEqualTo(Optional.empty());
    }

    private static PolicyDecisionRecorded decision(DecisionOutcome outcome) {
        return new PolicyDecisionRecorded(GovernedCommand.values()[0], ModelName.of("credit-risk"), 1, null, null,
                "alice", new PolicyDecision(PolicyName.of("gates"), 1, outcome, List.of()));
    }
}
