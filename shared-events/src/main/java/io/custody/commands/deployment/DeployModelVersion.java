package io.custody.commands.deployment;

import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deploy a model version to a service in an environment, optionally as a canary. */
public record DeployModelVersion(Environment environment, ServiceName service, ModelVersionRef modelVersion, Double canaryShare, String deployedBy) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.deployment(environment, service);
    }
}
