package io.custody.query.monitoring;

import io.custody.monitoring.MonitorSettings;

/** A monitor's settings as they were at the time asked about. */
public record MonitorView(String environment, String service, MonitorSettings settings, boolean paused,
                          java.time.Instant asOf) {
}
