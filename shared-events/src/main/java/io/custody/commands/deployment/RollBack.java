package io.custody.commands.deployment;

import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Roll a deployment back to the previous primary version, or to a named one. */
public record RollBack(Environment environment, ServiceName service, Integer toVersion, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.deployment(environment, service);
    }
}
