package io.custody.commands.monitoring;

import io.custody.meta.Streams;
import io.custody.values.AlertId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Say that someone is looking into an open alert. */
public record AcknowledgeAlert(AlertId alert, String comment) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.monitor(alert.environment(), alert.service());
    }
}
