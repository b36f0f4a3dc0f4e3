package io.custody.query.dataset;

import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A dataset as the inventory shows it, now or as of {@code asOf} (null for now); its child fields resolve
 * as of the same instant.
 */
public record DatasetView(String name, String namespace, String shortName, String owner, String description,
                          List<String> tags, boolean deprecated, String deprecationReason, int versionCount,
                          OffsetDateTime registeredAt, String registeredBy, long position, AsOf asOf) {
}
