package io.custody.events.monitoring;

import io.custody.values.Environment;
import io.custody.values.MonitorBaseline;
import io.custody.values.MonitorThreshold;
import io.custody.values.PerformanceSpec;
import io.custody.values.ServiceName;

import java.time.Duration;
import java.util.List;

/**
 * A monitor's settings changed, all of them as they now are; a paused monitor resumes. Windows closed before
 * the change keep the statistics they had; the next window uses these settings.
 */
public record MonitorChanged(Environment environment, ServiceName service, List<String> features,
                             MonitorBaseline baseline, Duration window, List<MonitorThreshold> thresholds,
                             PerformanceSpec performance) implements MonitorEvent {

    public MonitorChanged {
        features = features == null ? List.of() : List.copyOf(features);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    }
}
