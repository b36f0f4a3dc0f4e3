package io.custody.events.monitoring;

import io.custody.values.AlertId;
import io.custody.values.Environment;
import io.custody.values.ServiceName;

/** Someone (the actor in the event's metadata) closed an alert. */
public record AlertResolved(Environment environment, ServiceName service, AlertId alert, String comment)
        implements MonitorEvent {
}
