package io.custody.commands.run;

import io.custody.commands.CommandReceipt;
import io.custody.values.RunId;

/** The write API's answer for a run command; the read side resolves the run itself. */
public record RunPayload(CommandReceipt receipt, RunId id) {
}
