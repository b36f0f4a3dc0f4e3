package io.custody.payloads;

import io.custody.values.DatasetName;

/** The write API's answer for a dataset command; the read side resolves the dataset itself. */
public record DatasetPayload(CommandReceipt receipt, DatasetName name) {
}
