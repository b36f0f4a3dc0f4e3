package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Log parameters to a running run. */
public record LogParams(RunId run, Map<String, String> params) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
