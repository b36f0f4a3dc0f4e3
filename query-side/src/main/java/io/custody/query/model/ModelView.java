package io.custody.query.model;

import java.time.OffsetDateTime;

/** A registered model as the inventory shows it. */
public record ModelView(String name, String owner, String domain, String riskTier, String description,
                        int versionCount, OffsetDateTime registeredAt, String registeredBy, OffsetDateTime recordedAt,
                        long position) {
}
