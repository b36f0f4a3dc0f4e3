package io.custody.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.meta.Metadata;
import io.custody.query.store.StoredEventSource;
import io.custody.query.store.StoredEventSource.Column;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the stored events directly, read-only ({@link StoredEventSource}). History is answered from the store
 * itself rather than a projection because an auditor wants exactly what was recorded, including the metadata.
 */
@Repository
public class EventStoreReader {

    private static final Column[] COLUMNS = {Column.POSITION, Column.EVENT_ID, Column.STREAM, Column.STREAM_TYPE,
            Column.SEQUENCE, Column.PAYLOAD_TYPE, Column.RECORDED_AT, Column.PAYLOAD_JSON, Column.METADATA_JSON};

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RowMapper<HistoryEvent> row;
    private final String storedEvents;
    private final String payloads;

    EventStoreReader(JdbcTemplate jdbc, ObjectMapper json, StoredEventSource store) {
        this.jdbc = jdbc;
        this.json = json;
        this.storedEvents = store.all(COLUMNS);
        this.payloads = store.all(Column.POSITION, Column.PAYLOAD_TYPE, Column.PAYLOAD_JSON, Column.METADATA_JSON);
        this.row = (rs, i) -> {
            JsonNode meta = parse(rs.getBytes("metadata_json"));
            String payloadType = rs.getString("payload_type");
            return new HistoryEvent(rs.getLong("position"), rs.getString("event_id"),
                    rs.getString("stream"), rs.getString("stream_type"), rs.getLong("sequence"),
                    payloadType.substring(payloadType.lastIndexOf('.') + 1), payloadType,
                    rs.getObject("recorded_at", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC),
                    text(meta, Metadata.ACTOR), text(meta, Metadata.SOURCE_SYSTEM), text(meta, Metadata.CORRELATION_ID),
                    text(meta, Metadata.CAUSATION_ID), text(meta, Metadata.CLIENT_EVENT_ID), text(meta, Metadata.EVENT_TIME),
                    parse(rs.getBytes("payload_json")), meta);
        };
    }

    /** A stream's events in order, starting after a sequence number. */
    public List<HistoryEvent> stream(String stream, long afterSequence, int limit) {
        List<HistoryEvent> events = jdbc.query("SELECT * FROM (" + storedEvents + ") e WHERE stream = ? "
                + "AND sequence > ? ORDER BY sequence LIMIT ?", row, stream, afterSequence, limit);
        if (events.isEmpty()) {
            return PredictionStream.parse(stream).map(p -> prediction(p, stream, afterSequence, limit)).orElse(events);
        }
        return events;
    }

    /**
     * One prediction's history: the batch event that recorded it, then the one that recorded its outcome,
     * found through the store's key tables (written with them). Each is the stored event as it is (position, identifier, stream, sequence, metadata) with its payload's
     * list narrowed to this request id; {@code afterSequence} counts in this history (0 the prediction, 1
     * the outcome). The whole batch is the history of the batch's own stream.
     */
    private List<HistoryEvent> prediction(PredictionStream prediction, String stream, long afterSequence, int limit) {
        // Keys of predictions recorded before batching name their own stream's events, already answered.
        return jdbc.query("SELECT e.*, k.step FROM (SELECT event_id, 0 AS step FROM prediction_key "
                        + "WHERE environment = ? AND service = ? AND request_id = ? UNION ALL SELECT event_id, 1 "
                        + "FROM outcome_key WHERE environment = ? AND service = ? AND request_id = ?) k "
                        + "JOIN (" + storedEvents + ") e ON e.event_id = k.event_id::text "
                        + "WHERE k.step > ? AND e.stream <> ? ORDER BY k.step LIMIT ?",
                (rs, i) -> narrowed(row.mapRow(rs, i), rs.getInt("step") == 0 ? "predictions" : "outcomes",
                        prediction.requestId()),
                prediction.environment(), prediction.service(), prediction.requestId(),
                prediction.environment(), prediction.service(), prediction.requestId(), afterSequence, stream, limit);
    }

    private static HistoryEvent narrowed(HistoryEvent event, String list, String requestId) {
        if (!(event.payload() instanceof ObjectNode payload) || !(payload.get(list) instanceof ArrayNode items)) {
            return event;
        }
        ArrayNode mine = payload.arrayNode();
        items.forEach(item -> {
            if (requestId.equals(item.path("requestId").asText(null))) {
                mine.add(item);
            }
        });
        payload.set(list, mine);
        return event;
    }

    /** The stored payload, its type and the metadata of the events at these positions, by position. */
    public Map<Long, Stored> stored(Collection<Long> positions) {
        if (positions.isEmpty()) {
            return Map.of();
        }
        Map<Long, Stored> out = new HashMap<>();
        new NamedParameterJdbcTemplate(jdbc).query("SELECT * FROM (" + payloads + ") e WHERE position IN (:positions)",
                new MapSqlParameterSource("positions", positions), rs -> {
                    out.put(rs.getLong("position"), new Stored(rs.getString("payload_type"),
                            parse(rs.getBytes("payload_json")), parse(rs.getBytes("metadata_json"))));
                });
        return out;
    }

    /** An event's content as stored. */
    public record Stored(String payloadType, JsonNode payload, JsonNode metadata) {
    }

    private JsonNode parse(byte[] bytes) throws SQLException {
        if (bytes == null) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new SQLException("stored event is not JSON", e);
        }
    }

    private static String text(JsonNode meta, String key) {
        JsonNode value = meta.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }
}
