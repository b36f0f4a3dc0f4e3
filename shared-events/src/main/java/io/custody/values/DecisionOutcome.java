package io.custody.values;

/** What a policy decided about a governed command, or about one rule of it. */
public enum DecisionOutcome {
    ALLOWED,
    REFUSED
}
