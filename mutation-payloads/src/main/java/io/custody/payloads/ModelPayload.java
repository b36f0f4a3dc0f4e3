package io.custody.payloads;

import io.custody.values.ModelName;

/** The write API's answer for a model command; the read side resolves the model itself. */
public record ModelPayload(CommandReceipt receipt, ModelName name) {
}
