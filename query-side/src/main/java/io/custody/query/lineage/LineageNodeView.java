package io.custody.query.lineage;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/** A node of the lineage graph as the API shows it. */
public record LineageNodeView(String id, String kind, String name, String state, JsonNode facets,
                              String quarantineReason, OffsetDateTime quarantinedAt, long firstPosition,
                              OffsetDateTime firstRecordedAt) {

    public boolean quarantined() {
        return quarantinedAt != null;
    }

    /** A node only named by an edge whose own row is not (yet) there: its id says what it is. */
    static LineageNodeView placeholder(String id) {
        return new LineageNodeView(id, LineageKinds.ofId(id), io.custody.lineage.LineageNodes.nameOf(id), null, null,
                null, null, -1, null);
    }
}
