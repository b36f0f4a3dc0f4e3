package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Set tags of a run; the git commit and source tags also record its code, once. */
public record SetRunTags(RunId run, Map<String, String> tags) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
