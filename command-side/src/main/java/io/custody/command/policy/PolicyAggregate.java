package io.custody.command.policy;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.policy.PublishPolicy;
import io.custody.errors.CustodyException;
import io.custody.events.policy.PolicyPublished;
import io.custody.meta.Streams;
import io.custody.values.ContentDigest;
import io.custody.values.PolicyName;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A named policy and its versions, numbered 1..n by Custody. A document that does not parse is refused before
 * anything is stored; publishing the text of the newest version again changes nothing.
 */
@Aggregate(type = "Policy", cache = AggregateCache.BEAN, commandTargetResolver = StreamTargetResolver.BEAN)
class PolicyAggregate {

    @AggregateIdentifier
    private String streamId;
    private int version;
    private String sha256;

    PolicyAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    /** Answers the number of the version that holds the document. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Integer handle(PublishPolicy command) {
        if (PolicyName.BUILTIN.equals(command.name())) {
            throw CustodyException.badRequest("input.name", PolicyName.BUILTIN
                    + " is the shipped default's name; publish under another name");
        }
        PolicyParser.parse(command.document());
        String digest = ContentDigest.sha256Hex(command.document());
        if (digest.equals(sha256)) {
            return version;
        }
        apply(new PolicyPublished(command.name(), version + 1, command.document(), digest, command.publishedBy()));
        return version;
    }

    @EventSourcingHandler
    void on(PolicyPublished event) {
        streamId = Streams.policy(event.name());
        version = event.version();
        sha256 = event.sha256();
    }
}
