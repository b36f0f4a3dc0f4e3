package io.custody.commands.deployment;

import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stop serving on a deployment. */
public record Undeploy(Environment environment, ServiceName service, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.deployment(environment, service);
    }
}
