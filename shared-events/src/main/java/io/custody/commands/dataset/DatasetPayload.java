package io.custody.commands.dataset;

import io.custody.commands.CommandReceipt;
import io.custody.values.DatasetName;

/** The write API's answer for a dataset command; the read side resolves the dataset itself. */
public record DatasetPayload(CommandReceipt receipt, DatasetName name) {
}
