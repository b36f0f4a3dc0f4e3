package io.custody.events.policy;

/** Everything that happens to a policy, and every decision recorded apart from the command it was about. */
public sealed interface PolicyEvent permits PolicyPublished, PolicyDecisionRecorded {
}
