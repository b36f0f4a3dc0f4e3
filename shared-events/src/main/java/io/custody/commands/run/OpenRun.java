package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Start a run whose code and inputs are logged afterwards, as MLflow clients do: it starts with none. */
public record OpenRun(RunId run, String experiment, String startedBy) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
