package io.custody.payloads;

import io.custody.values.ModelName;

/** The write API's answer for a model version command; the read side resolves the version itself. */
public record ModelVersionPayload(CommandReceipt receipt, ModelName model, int version) {
}
