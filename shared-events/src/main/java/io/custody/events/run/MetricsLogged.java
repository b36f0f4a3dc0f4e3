package io.custody.events.run;

import io.custody.values.Metric;
import io.custody.values.RunId;

import java.util.List;

/** A batch of metric observations of a running run. */
public record MetricsLogged(RunId run, List<Metric> metrics) implements RunEvent {

    public MetricsLogged {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
