package io.custody.payloads;

import io.custody.values.PolicyName;

/** The write API's answer for a publication: the version the policy now has. */
public record PolicyPayload(CommandReceipt receipt, PolicyName name, int version) {
}
