package io.custody.commands.monitoring;

import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;
import io.custody.values.WindowStatistic;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Judge a closed window's statistics against the monitor's thresholds: sent by the monitoring processor when the
 * deployment's event time passes the window's end plus the lateness allowance. {@code modelVersion} is the
 * version whose predictions the performance statistics measured (null without outcomes).
 */
public record EvaluateMonitorWindow(Environment environment, ServiceName service, Instant windowStart,
                                    Instant windowEnd, List<WindowStatistic> statistics, ModelVersionRef modelVersion) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.monitor(environment, service);
    }
}
