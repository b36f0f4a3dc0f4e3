package io.custody.infra.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of the event table exactly as stored: every column as the bytes the database sent (text columns in
 * UTF-8, the client encoding), never deserialised or decoded, so that what is sealed and verified is what the
 * table holds, at the least cost per row. Read by {@link EventRows}.
 */
public record StoredEvent(long position, byte[] eventId, byte[] stream, long sequence, byte[] type, byte[] timeStamp,
                          byte[] payloadType, byte[] payloadRevision, byte[] payload, byte[] metaData) {

    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, type, "
            + "time_stamp, payload_type, payload_revision, payload, meta_data";

    /** The row at the result set's cursor, selected with {@link #COLUMNS}. */
    static StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getLong(4), rs.getBytes(5),
                rs.getBytes(6), rs.getBytes(7), rs.getBytes(8), rs.getBytes(9), rs.getBytes(10));
    }

    /** A row from text values, as a test or a tool writes one. */
    public static StoredEvent of(long position, String eventId, String stream, long sequence, String type,
                                 String timeStamp, String payloadType, String payloadRevision, byte[] payload,
                                 byte[] metaData) {
        return new StoredEvent(position, utf8(eventId), utf8(stream), sequence, utf8(type), utf8(timeStamp),
                utf8(payloadType), utf8(payloadRevision), payload, metaData);
    }

    public String streamName() {
        return text(stream);
    }

    public String eventIdText() {
        return text(eventId);
    }

    public String payloadTypeText() {
        return text(payloadType);
    }

    public StoredEvent withPayload(byte[] other) {
        return new StoredEvent(position, eventId, stream, sequence, type, timeStamp, payloadType, payloadRevision,
                other, metaData);
    }

    public StoredEvent withMetaData(byte[] other) {
        return new StoredEvent(position, eventId, stream, sequence, type, timeStamp, payloadType, payloadRevision,
                payload, other);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
