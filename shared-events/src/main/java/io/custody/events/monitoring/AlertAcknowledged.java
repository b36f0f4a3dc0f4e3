package io.custody.events.monitoring;

import io.custody.values.AlertId;
import io.custody.values.Environment;
import io.custody.values.ServiceName;

/** Someone (the actor in the event's metadata) is looking into an open alert. */
public record AlertAcknowledged(Environment environment, ServiceName service, AlertId alert, String comment)
        implements MonitorEvent {
}
