package io.custody.events.monitoring;

import io.custody.values.AlertId;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import io.custody.values.Statistic;

import java.time.Instant;

/**
 * The condition that opened {@code alert} is over: in the window {@code windowStart}..{@code windowEnd} the
 * feature's {@code statistic} was {@code value}, within {@code threshold}. Closes the alert (RESOLVED) unless
 * someone resolved it already.
 */
public record MonitorRecovered(Environment environment, ServiceName service, AlertId alert, String feature,
                               Statistic statistic, double value, double threshold, Instant windowStart,
                               Instant windowEnd) implements MonitorEvent {
}
