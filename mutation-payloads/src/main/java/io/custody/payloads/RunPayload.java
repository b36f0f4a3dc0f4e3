package io.custody.payloads;

import io.custody.values.RunId;

/** The write API's answer for a run command; the read side resolves the run itself. */
public record RunPayload(CommandReceipt receipt, RunId id) {
}
