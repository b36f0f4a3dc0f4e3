package io.custody.payloads;

import io.custody.values.Environment;
import io.custody.values.ServiceName;

/** The write API's answer for a deployment command; the read side resolves the deployment itself. */
public record DeploymentPayload(CommandReceipt receipt, Environment environment, ServiceName service) {
}
