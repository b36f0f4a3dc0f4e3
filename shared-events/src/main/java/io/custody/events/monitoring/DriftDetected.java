package io.custody.events.monitoring;

import io.custody.values.AlertId;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import io.custody.values.Statistic;

import java.time.Instant;

/**
 * In the window {@code windowStart}..{@code windowEnd} a feature (or {@code output}, {@code output.<field>})
 * drifted from the monitor's baseline: {@code statistic} was {@code value}, above {@code threshold}. Opens
 * {@code alert}.
 */
public record DriftDetected(Environment environment, ServiceName service, AlertId alert, String feature,
                            Statistic statistic, double value, double threshold, Instant windowStart,
                            Instant windowEnd) implements MonitorEvent {
}
