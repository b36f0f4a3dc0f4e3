package io.custody.commands.policy;

import io.custody.commands.CommandReceipt;
import io.custody.values.PolicyName;

/** The write API's answer for a publication: the version the policy now has. */
public record PolicyPayload(CommandReceipt receipt, PolicyName name, int version) {
}
