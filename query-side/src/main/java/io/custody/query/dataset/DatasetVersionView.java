package io.custody.query.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;
import java.util.List;

/** A dataset version as the inventory shows it, now or as of {@code asOf} (null for now). */
public record DatasetVersionView(String dataset, String version, String location, String digest,
                                 List<SchemaFieldView> schema, Long rowCount, List<String> tags, JsonNode profile,
                                 String producedByRun, boolean quarantined, String quarantineReason,
                                 OffsetDateTime quarantinedAt, String quarantinedBy, OffsetDateTime registeredAt,
                                 String registeredBy, long registeredPosition, long position,
                                 AsOf asOf) {

    public record SchemaFieldView(String name, String type, String description) {
    }
}
