package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a tag of a run. */
public record DeleteRunTag(RunId run, String key) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
