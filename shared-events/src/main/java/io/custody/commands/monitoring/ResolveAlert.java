package io.custody.commands.monitoring;

import io.custody.meta.Streams;
import io.custody.values.AlertId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close an alert. */
public record ResolveAlert(AlertId alert, String comment) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.monitor(alert.environment(), alert.service());
    }
}
