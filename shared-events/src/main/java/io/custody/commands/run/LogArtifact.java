package io.custody.commands.run;

import io.custody.meta.Streams;
import io.custody.values.ContentDigest;
import io.custody.values.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Log an artifact a running run produced. */
public record LogArtifact(RunId run, String name, String uri, ContentDigest digest) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.run(run);
    }
}
