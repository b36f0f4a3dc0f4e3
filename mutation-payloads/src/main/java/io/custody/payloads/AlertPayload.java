package io.custody.payloads;

import io.custody.values.AlertId;

/** The write API's answer for an alert command; the read side resolves the alert itself. */
public record AlertPayload(CommandReceipt receipt, AlertId alertId) {
}
