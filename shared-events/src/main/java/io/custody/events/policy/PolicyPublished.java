package io.custody.events.policy;

import io.custody.values.PolicyName;

/**
 * A version of a policy was published: Custody numbered it (previous + 1), and the event keeps the full
 * document as sent and its sha256, so a decision taken under it can be checked against the exact text.
 */
public record PolicyPublished(PolicyName name, int version, String document, String sha256, String publishedBy)
        implements PolicyEvent {
}
