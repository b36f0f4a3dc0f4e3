package io.custody.query.lineage;

import java.time.OffsetDateTime;

/**
 * An edge of the lineage graph and the event that created it. {@code validTo} and the ending event are
 * set only for a deployment stint that has ended.
 */
public record LineageEdgeView(String from, String to, String kind, long position, String eventId,
                              OffsetDateTime recordedAt, OffsetDateTime validFrom, OffsetDateTime validTo,
                              Long endedPosition, String endedEventId) {
}
