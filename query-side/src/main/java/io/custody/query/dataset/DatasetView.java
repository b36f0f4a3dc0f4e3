package io.custody.query.dataset;

import java.time.OffsetDateTime;
import java.util.List;

/** A dataset as the inventory shows it. */
public record DatasetView(String name, String namespace, String shortName, String owner, String description,
                          List<String> tags, boolean deprecated, String deprecationReason, int versionCount,
                          OffsetDateTime registeredAt, String registeredBy, long position) {
}
