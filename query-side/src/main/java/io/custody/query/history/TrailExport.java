package io.custody.query.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.custody.meta.Metadata;
import io.custody.query.store.StoredEventSource;
import io.custody.query.store.StoredEventSource.Column;
import io.custody.query.support.EventTimes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes a trail (one stream's events, or every event in a time range) as JSON Lines or CSV while reading
 * it. The rows come through a server-side cursor: a read-only transaction with a fetch size, so PostgreSQL
 * sends {@code fetchSize} rows at a time and neither the driver nor this class ever holds more than one
 * fetch, whatever the size of the range.
 */
@Component
public class TrailExport {

    /** The columns of the CSV form, in order. */
    static final List<String> CSV_COLUMNS = List.of("position", "recordedAt", "eventTime", "stream", "sequence", "type",
            "actor", "sourceSystem", "correlationId", "causationId", "clientEventId", "eventId", "payloadType",
            "payload");

    public enum Format { JSONL, CSV }

    /** RFC 4180: a header row, CRLF line ends, a cell quoted when it holds a comma, a quote or a line break. */
    private static final CsvMapper CSV = CsvMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
    private static final CsvSchema CSV_SCHEMA = CsvSchema.builder().addColumns(CSV_COLUMNS, CsvSchema.ColumnType.STRING)
            .setUseHeader(true).setLineSeparator("\r\n").build();

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final int fetchSize;
    private final String events;
    private final String contents;

    TrailExport(DataSource dataSource, ObjectMapper json, StoredEventSource store,
                @Value("${custody.audit.export-fetch-size:1000}") int fetchSize) {
        this.dataSource = dataSource;
        this.json = json;
        this.fetchSize = fetchSize;
        this.events = store.all(Column.POSITION, Column.EVENT_ID, Column.STREAM, Column.SEQUENCE, Column.PAYLOAD_TYPE,
                Column.RECORDED_AT, Column.PAYLOAD_JSON, Column.METADATA_JSON);
        this.contents = store.all(Column.POSITION, Column.PAYLOAD_TYPE, Column.PAYLOAD_JSON, Column.METADATA_JSON);
    }

    /** One exported event; metadata and payload are the stored JSON bytes. */
    private record Row(long position, String eventId, String stream, Long sequence, String type, String payloadType,
                       OffsetDateTime recordedAt, OffsetDateTime eventTime, String actor, String sourceSystem,
                       String correlationId, String causationId, String clientEventId, byte[] payload,
                       byte[] metadata) {
    }

    /** Exports a stream's events in sequence order, optionally only those recorded in {@code [from, to)}. */
    public long stream(String stream, OffsetDateTime from, OffsetDateTime to, Format format, OutputStream out)
            throws IOException {
        StringBuilder sql = new StringBuilder("SELECT * FROM (" + events + ") e WHERE (stream = ?");
        List<Object> args = new ArrayList<>(List.of(stream));
        Optional<PredictionStream> prediction = PredictionStream.parse(stream);
        prediction.ifPresent(p -> {
            // A prediction recorded in a batch: the batch events as stored, whole (history narrows them).
            sql.append(" OR event_id IN (SELECT event_id::text FROM prediction_key WHERE environment = ? "
                    + "AND service = ? AND request_id = ? UNION ALL SELECT event_id::text FROM outcome_key "
                    + "WHERE environment = ? AND service = ? AND request_id = ?)");
            for (int i = 0; i < 2; i++) {
                args.addAll(List.of(p.environment(), p.service(), p.requestId()));
            }
        });
        sql.append(')');
        if (from != null) {
            sql.append(" AND recorded_at >= ?");
            args.add(from);
        }
        if (to != null) {
            sql.append(" AND recorded_at < ?");
            args.add(to);
        }
        sql.append(prediction.isPresent() ? " ORDER BY position" : " ORDER BY sequence");
        return write(sql.toString(), args, format, out, rs -> {
            byte[] metadata = rs.getBytes("metadata_json");
            JsonNode meta = metadata == null ? json.nullNode() : json.readTree(metadata);
            String payloadType = rs.getString("payload_type");
            return new Row(rs.getLong("position"), rs.getString("event_id"), rs.getString("stream"),
                    rs.getLong("sequence"), payloadType.substring(payloadType.lastIndexOf('.') + 1), payloadType,
                    EventTimes.utc(rs.getObject("recorded_at", OffsetDateTime.class).toInstant()),
                    EventTimes.reported(text(meta, Metadata.EVENT_TIME)), text(meta, Metadata.ACTOR),
                    text(meta, Metadata.SOURCE_SYSTEM), text(meta, Metadata.CORRELATION_ID),
                    text(meta, Metadata.CAUSATION_ID), text(meta, Metadata.CLIENT_EVENT_ID), rs.getBytes("payload_json"),
                    metadata);
        });
    }

    /** Exports every event of the audit trail that matches the filter, in global order. */
    public long range(AuditTrailFilter filter, Format format, OutputStream out) throws IOException {
        List<Object> args = new ArrayList<>();
        String where = filter.where(args);
        String sql = "SELECT " + AuditTrailRepository.COLUMNS + ", e.payload_type, e.payload_json, e.metadata_json "
                + "FROM rm_audit_trail a JOIN (" + contents + ") e ON e.position = a.position WHERE " + where
                + " ORDER BY a.position";
        return write(sql, args, format, out, rs -> new Row(rs.getLong("position"), rs.getString("event_id"),
                rs.getString("stream"), (Long) rs.getObject("sequence"), rs.getString("type"),
                rs.getString("payload_type"), rs.getObject("recorded_at", OffsetDateTime.class),
                rs.getObject("event_time", OffsetDateTime.class), rs.getString("actor"), rs.getString("source_system"),
                rs.getString("correlation_id"), rs.getString("causation_id"), rs.getString("client_event_id"),
                rs.getBytes("payload_json"), rs.getBytes("metadata_json")));
    }

    @FunctionalInterface
    private interface RowReader {
        Row read(ResultSet rs) throws SQLException, IOException;
    }

    private long write(String sql, List<Object> args, Format format, OutputStream out, RowReader reader)
            throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            // A fetch size only makes the PostgreSQL driver use a cursor inside a transaction.
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(fetchSize);
                for (int i = 0; i < args.size(); i++) {
                    statement.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    return format == Format.CSV ? csv(rs, reader, out) : jsonl(rs, reader, out);
                }
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit export failed reading the store", e);
        }
    }

    private long jsonl(ResultSet rs, RowReader reader, OutputStream out) throws SQLException, IOException {
        JsonFactory factory = json.getFactory();
        long count = 0;
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            while (rs.next()) {
                Row row = reader.read(rs);
                generator.writeStartObject();
                generator.writeNumberField("position", row.position());
                generator.writeStringField("eventId", row.eventId());
                generator.writeStringField("stream", row.stream());
                if (row.sequence() != null) {
                    generator.writeNumberField("sequence", row.sequence());
                }
                generator.writeStringField("type", row.type());
                generator.writeStringField("payloadType", row.payloadType());
                generator.writeStringField("recordedAt", row.recordedAt().toString());
                generator.writeStringField("eventTime", row.eventTime() == null ? null : row.eventTime().toString());
                generator.writeStringField("actor", row.actor());
                generator.writeStringField("sourceSystem", row.sourceSystem());
                generator.writeStringField("correlationId", row.correlationId());
                generator.writeStringField("causationId", row.causationId());
                generator.writeStringField("clientEventId", row.clientEventId());
                generator.writeFieldName("payload");
                copy(row.payload(), generator);
                generator.writeFieldName("metadata");
                copy(row.metadata(), generator);
                generator.writeEndObject();
                generator.writeRaw('\n');
                if (++count % fetchSize == 0) {
                    generator.flush();
                }
            }
        }
        return count;
    }

    private long csv(ResultSet rs, RowReader reader, OutputStream out) throws SQLException, IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        long count = 0;
        try (SequenceWriter rows = CSV.writer(CSV_SCHEMA).writeValues(writer)) {
            while (rs.next()) {
                Row row = reader.read(rs);
                rows.write(Stream.of(String.valueOf(row.position()), text(row.recordedAt()), text(row.eventTime()),
                        text(row.stream()), row.sequence() == null ? "" : String.valueOf(row.sequence()), text(row.type()),
                        text(row.actor()), text(row.sourceSystem()), text(row.correlationId()), text(row.causationId()),
                        text(row.clientEventId()), text(row.eventId()), text(row.payloadType()),
                        row.payload() == null ? "" : new String(row.payload(), StandardCharsets.UTF_8))
                        .map(TrailExport::inert).toList());
                if (++count % fetchSize == 0) {
                    rows.flush();
                }
            }
        }
        writer.flush();
        return count;
    }

    /**
     * A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return) gets a
     * leading apostrophe, as OWASP advises for CSV: an auditor opening the export runs nothing an actor,
     * a source or a payload put there. The apostrophe shows; the rest of the cell is as recorded.
     */
    static String inert(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    /** Copies stored JSON into the line token by token, so a pretty-printed payload cannot break the line. */
    private void copy(byte[] stored, JsonGenerator generator) throws IOException {
        if (stored == null) {
            generator.writeNull();
            return;
        }
        try (JsonParser parser = json.getFactory().createParser(stored)) {
            parser.nextToken();
            generator.copyCurrentStructure(parser);
        }
    }

    private static String text(JsonNode meta, String key) {
        JsonNode value = meta.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
