package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a run (a tombstone: it can be restored). */
public record DeleteRun(RunId run) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
