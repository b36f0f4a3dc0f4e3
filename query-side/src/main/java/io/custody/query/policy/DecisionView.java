package io.custody.query.policy;

import io.custody.values.RuleOutcome;

import java.time.OffsetDateTime;
import java.util.List;

/** A decision a policy took on a governed command, as {@code decisions} answers it. */
public record DecisionView(long position, String command, String model, Integer version, String environment,
                           String service, String actor, String outcome, String policy, int policyVersion,
                           List<RuleOutcome> rules, OffsetDateTime recordedAt) {
}
