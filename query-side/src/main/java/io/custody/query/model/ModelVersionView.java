package io.custody.query.model;

import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;

/** A model version as the inventory shows it, now or as of {@code asOf} (null for now). */
public record ModelVersionView(String model, int version, String runId, String artifactUri, String artifactDigest,
                               String inputSignature, String description, boolean archived, String archivedReason,
                               OffsetDateTime archivedAt, String archivedBy, OffsetDateTime registeredAt,
                               String registeredBy, OffsetDateTime recordedAt, long position, AsOf asOf) {

    public ModelVersionKey key() {
        return new ModelVersionKey(model, version);
    }
}
