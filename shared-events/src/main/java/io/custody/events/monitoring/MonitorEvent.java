package io.custody.events.monitoring;

import io.custody.values.Environment;
import io.custody.values.ServiceName;

/** Everything that happens to a deployment's monitor and its alerts: one monitor per deployment. */
public sealed interface MonitorEvent permits MonitorCreated, MonitorChanged, MonitorPaused, DriftDetected,
        PerformanceDegraded, MonitorRecovered, AlertAcknowledged, AlertResolved {

    Environment environment();

    ServiceName service();
}
