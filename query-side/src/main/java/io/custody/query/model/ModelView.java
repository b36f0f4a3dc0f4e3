package io.custody.query.model;

import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;

/**
 * A registered model as the inventory shows it, now or as of {@code asOf} (null for now). A deleted model stays,
 * with {@code deletedAt} and {@code deletedBy} set. {@code mlflowName} is the name MLflow clients know it by since a
 * rename (null: its own {@code name}, which stays its identity).
 */
public record ModelView(String name, String owner, String domain, String riskTier, String description,
                        int versionCount, OffsetDateTime registeredAt, String registeredBy, OffsetDateTime recordedAt,
                        long position, OffsetDateTime deletedAt, String deletedBy, String mlflowName,
                        AsOf asOf) {
}
