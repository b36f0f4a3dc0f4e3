package io.custody.query.dataset;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;

/** A dataset version as the inventory shows it. */
public record DatasetVersionView(String dataset, String version, String location, String digest,
                                 List<SchemaFieldView> schema, Long rowCount, List<String> tags, JsonNode profile,
                                 String producedByRun, boolean quarantined, String quarantineReason,
                                 OffsetDateTime quarantinedAt, String quarantinedBy, OffsetDateTime registeredAt,
                                 String registeredBy, long position) {

    public record SchemaFieldView(String name, String type, String description) {
    }
}
