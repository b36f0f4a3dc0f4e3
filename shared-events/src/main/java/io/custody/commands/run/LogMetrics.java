package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.Metric;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Log a batch of metric observations to a running run. */
public record LogMetrics(RunId run, List<Metric> metrics) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
