package io.custody.webhook;

import java.time.OffsetDateTime;
import java.util.List;

/** A webhook as {@code webhooks} shows it: never its secret, only the secret's fingerprint. */
public record WebhookView(String id, String url, List<String> events, String secretFingerprint, String description,
                          String state, String stateReason, OffsetDateTime registeredAt, String registeredBy,
                          OffsetDateTime changedAt, String changedBy) {
}
