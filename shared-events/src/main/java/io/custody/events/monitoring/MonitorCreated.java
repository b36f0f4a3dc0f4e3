package io.custody.events.monitoring;

import io.custody.values.Environment;
import io.custody.values.MonitorBaseline;
import io.custody.values.MonitorThreshold;
import io.custody.values.PerformanceSpec;
import io.custody.values.ServiceName;

import java.time.Duration;
import java.util.List;

/**
 * A deployment is monitored: each {@code window} of its predictions (by prediction time) is compared with the
 * baseline on {@code features} and its outputs, and, when {@code performance} is set, its outcomes give accuracy
 * and AUC or MAE and RMSE against the model version's validation metrics.
 */
public record MonitorCreated(Environment environment, ServiceName service, List<String> features,
                             MonitorBaseline baseline, Duration window, List<MonitorThreshold> thresholds,
                             PerformanceSpec performance) implements MonitorEvent {

    public MonitorCreated {
        features = features == null ? List.of() : List.copyOf(features);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    }
}
