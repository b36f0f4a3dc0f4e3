package io.custody.infra.audit;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code domain_event_entry} exactly as stored: the raw bytes, never deserialised, so that
 * what is sealed and verified is what the table holds.
 */
record StoredEvent(long position, String eventId, String stream, long sequence, String type, String timeStamp,
                   String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {

    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, type, "
            + "time_stamp, payload_type, payload_revision, payload, meta_data";

    static StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
    }

    StoredEvent withPayload(byte[] other) {
        return new StoredEvent(position, eventId, stream, sequence, type, timeStamp, payloadType, payloadRevision,
                other, metaData);
    }

    StoredEvent withMetaData(byte[] other) {
        return new StoredEvent(position, eventId, stream, sequence, type, timeStamp, payloadType, payloadRevision,
                payload, other);
    }
}
