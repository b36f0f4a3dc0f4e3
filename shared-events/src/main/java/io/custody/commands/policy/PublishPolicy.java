package io.custody.commands.policy;

import io.custody.meta.Streams;
import io.custody.values.PolicyName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Publish a new version of a policy; the document was parsed and checked before this was sent. */
public record PublishPolicy(PolicyName name, String document, String publishedBy) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.policy(name);
    }
}
