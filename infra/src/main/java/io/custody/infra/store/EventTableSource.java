package io.custody.infra.store;

import io.custody.query.store.StoredEventSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The query side's relation of stored events over Axon's event table ({@link StoreSchema#EVENTS}). The table is
 * left unqualified on purpose: a rebuild's connections look in its shadow schema first, then in public, where
 * they find it.
 */
@Component
public class EventTableSource implements StoredEventSource {

    private static final Map<Column, String> EXPRESSIONS = expressions(StoreSchema.EVENTS);

    @Override
    public String all(Column... columns) {
        return select(columns);
    }

    @Override
    public String byEventIds(Column... columns) {
        return select(columns) + " WHERE " + StoreSchema.EVENTS.eventIdentifierColumn() + " = ANY(?)";
    }

    private static String select(Column... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a relation of stored events needs at least one column");
        }
        return Arrays.stream(columns).map(c -> EXPRESSIONS.get(c) + " AS " + c.alias())
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + StoreSchema.EVENTS.domainEventTable()));
    }

    /** Payloads and metadata are stored as UTF-8 JSON in bytea columns (the first migration fixes bytea). */
    private static Map<Column, String> expressions(EventSchema s) {
        Map<Column, String> out = new EnumMap<>(Column.class);
        out.put(Column.POSITION, s.globalIndexColumn());
        out.put(Column.EVENT_ID, s.eventIdentifierColumn());
        out.put(Column.STREAM, s.aggregateIdentifierColumn());
        out.put(Column.STREAM_TYPE, s.typeColumn());
        out.put(Column.SEQUENCE, s.sequenceNumberColumn());
        out.put(Column.PAYLOAD_TYPE, s.payloadTypeColumn());
        out.put(Column.REVISION, s.payloadRevisionColumn());
        out.put(Column.RECORDED_AT, s.timestampColumn() + "::timestamptz");
        out.put(Column.PAYLOAD, "convert_from(" + s.payloadColumn() + ", 'UTF8')::jsonb");
        out.put(Column.METADATA, "convert_from(" + s.metaDataColumn() + ", 'UTF8')::jsonb");
        out.put(Column.PAYLOAD_JSON, s.payloadColumn());
        out.put(Column.METADATA_JSON, s.metaDataColumn());
        return out;
    }
}
