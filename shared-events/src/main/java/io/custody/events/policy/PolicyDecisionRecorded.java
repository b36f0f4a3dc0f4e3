package io.custody.events.policy;

import io.custody.values.Environment;
import io.custody.values.GovernedCommand;
import io.custody.values.ModelName;
import io.custody.values.PolicyDecision;
import io.custody.values.ServiceName;

/**
 * A policy refused a governed command, whose own effect was therefore not applied: what was attempted (the
 * command, the model version, where), by whom, and the decision with every rule evaluated. Stored in the
 * stream {@code decision:<model>}; an allowed command records its decision in its own event instead.
 * {@code version} is null for a registration (refused before a number was given), {@code environment} and
 * {@code service} for anything but a deployment or rollback.
 */
public record PolicyDecisionRecorded(GovernedCommand command, ModelName model, Integer version,
                                     Environment environment, ServiceName service, String actor,
                                     PolicyDecision decision)
        implements PolicyEvent {
}
