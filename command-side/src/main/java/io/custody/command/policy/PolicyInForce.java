package io.custody.command.policy;

import io.custody.values.PolicyName;

/** The policy a governed command is evaluated under: the newest publication, or the shipped default. */
public record PolicyInForce(PolicyName name, int version, Policy policy) {
}
