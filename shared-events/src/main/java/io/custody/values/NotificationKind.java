package io.custody.values;

/**
 * What a webhook can be told about (docs/webhooks.md). The names are fixed: registrations in the log and
 * every notification body carry them.
 */
public enum NotificationKind {
    /** A monitor's alert: drift detected, performance degraded, a monitor recovered, an alert acknowledged or resolved. */
    ALERT,
    /** A deployment changed what serves: a model version deployed, a rollback, an undeploy. */
    DEPLOYMENT,
    /** A dataset version was quarantined. */
    DATASET_QUARANTINE,
    /** A policy refused a governed command. */
    POLICY_REFUSAL
}
