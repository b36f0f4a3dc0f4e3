package io.custody.payloads;

import io.custody.values.DatasetName;
import io.custody.values.VersionLabel;

/** The write API's answer for a dataset version command; the read side resolves the version itself. */
public record DatasetVersionPayload(CommandReceipt receipt, DatasetName name, VersionLabel version) {
}
