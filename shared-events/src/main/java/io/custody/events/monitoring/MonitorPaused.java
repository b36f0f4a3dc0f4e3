package io.custody.events.monitoring;

import io.custody.values.Environment;
import io.custody.values.ServiceName;

/** A monitor stopped raising alerts until it is changed; statistics are still projected. */
public record MonitorPaused(Environment environment, ServiceName service, String reason) implements MonitorEvent {
}
