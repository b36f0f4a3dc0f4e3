package io.custody.events.monitoring;

import io.custody.values.AlertId;
import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;
import io.custody.values.Statistic;

import java.time.Instant;

/**
 * In the window {@code windowStart}..{@code windowEnd} the outcomes of the deployment's predictions showed
 * {@code statistic} at {@code value}, worse than {@code modelVersion}'s validation metric {@code validation} by
 * more than {@code threshold}. {@code feature} is {@code output}. Opens {@code alert}.
 */
public record PerformanceDegraded(Environment environment, ServiceName service, AlertId alert, String feature,
                                  Statistic statistic, double value, double threshold, double validation,
                                  ModelVersionRef modelVersion, Instant windowStart, Instant windowEnd)
        implements MonitorEvent {
}
