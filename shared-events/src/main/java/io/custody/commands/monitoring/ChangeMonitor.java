package io.custody.commands.monitoring;

import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.MonitorBaseline;
import io.custody.values.MonitorThreshold;
import io.custody.values.PerformanceSpec;
import io.custody.values.ServiceName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.util.List;

/** Replace a monitor's settings; a paused monitor resumes. */
public record ChangeMonitor(Environment environment, ServiceName service, List<String> features, MonitorBaseline baseline,
                            Duration window, List<MonitorThreshold> thresholds, PerformanceSpec performance) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.monitor(environment, service);
    }
}
