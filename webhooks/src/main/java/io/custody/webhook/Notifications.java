package io.custody.webhook;

import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.events.policy.PolicyDecisionRecorded;
import io.custody.values.DecisionOutcome;
import io.custody.values.NotificationKind;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which recorded events are notifications, and of which kind. Alerts are known by package and simple class
 * name rather than by class, so that the monitoring events count as soon as they exist on the classpath.
 */
public final class Notifications {

    /** The package of the monitoring context's events. */
    static final String MONITORING_PACKAGE = "io.custody.events.monitoring";
    /** The monitoring events that are alerts, by simple class name. */
    static final Set<String> ALERT_EVENTS = Set.of("DriftDetected", "PerformanceDegraded", "MonitorRecovered",
            "AlertAcknowledged", "AlertResolved");

    private static final Map<Class<?>, NotificationKind> BY_CLASS = Map.of(
            ModelVersionDeployed.class, NotificationKind.DEPLOYMENT,
            DeploymentRolledBack.class, NotificationKind.DEPLOYMENT,
            ModelUndeployed.class, NotificationKind.DEPLOYMENT,
            DatasetVersionQuarantined.class, NotificationKind.DATASET_QUARANTINE,
            PolicyDecisionRecorded.class, NotificationKind.POLICY_REFUSAL);

    private Notifications() {
    }

    /** The kind events of this type may notify, judged by the type alone (before a payload is read). */
    public static Optional<NotificationKind> kindOf(Class<?> type) {
        NotificationKind kind = BY_CLASS.get(type);
        if (kind != null) {
            return Optional.of(kind);
        }
        return alertByName(type.getName());
    }

    /** ALERT for a monitoring alert event's class name ({@code io.custody.events.monitoring.DriftDetected}). */
    static Optional<NotificationKind> alertByName(String className) {
        int dot = className.lastIndexOf('.');
        boolean alert = dot > 0 && className.substring(0, dot).equals(MONITORING_PACKAGE)
                && ALERT_EVENTS.contains(className.substring(dot + 1));
        return alert ? Optional.of(NotificationKind.ALERT) : Optional.empty();
    }

    /**
     * The kind this event notifies, if any. A policy decision notifies only a refusal: an allowed command
     * records its decision in its own event, which notifies as what it is.
     */
    public static Optional<NotificationKind> kindOf(Object payload) {
        if (payload instanceof PolicyDecisionRecorded decision
                && (decision.decision() == null || decision.decision().outcome() != DecisionOutcome.REFUSED)) {
            return Optional.empty();
        }
        return kindOf(payload.getClass());
    }
}
