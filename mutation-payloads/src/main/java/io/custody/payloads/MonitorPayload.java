package io.custody.payloads;

import io.custody.values.Environment;
import io.custody.values.ServiceName;

/** The write API's answer for a monitor command; the read side resolves the monitor itself. */
public record MonitorPayload(CommandReceipt receipt, Environment environment, ServiceName service) {
}
