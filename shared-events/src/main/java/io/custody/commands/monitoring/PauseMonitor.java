package io.custody.commands.monitoring;

import io.custody.meta.Streams;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stop a monitor raising alerts until it is changed. */
public record PauseMonitor(Environment environment, ServiceName service, String reason) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.monitor(environment, service);
    }
}
