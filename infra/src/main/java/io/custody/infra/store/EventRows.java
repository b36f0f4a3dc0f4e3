package io.custody.infra.store;

import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The event table's rows as stored ({@link StoredEvent}), for the sealer and the verifier: by position range,
 * after a position, one stream's. Each read runs on the caller's connection, so in its transaction and snapshot
 * (the verifier's exported snapshot, the sealer's lock-holding connection).
 */
public final class EventRows {

    private static final String TABLE = StoreSchema.EVENTS.domainEventTable();

    private EventRows() {
    }

    /**
     * The rows at positions {@code from} to {@code to} (inclusive) in position order, streamed: a cursor that
     * fetches {@code fetchSize} rows at a time (the connection must not auto-commit), in binary transfer so
     * bytea arrives as bytes rather than hex text.
     */
    public static Cursor range(Connection c, long from, long to, int fetchSize) throws SQLException {
        PreparedStatement ps = c.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM " + TABLE
                + " WHERE global_index BETWEEN ? AND ? ORDER BY global_index");
        try {
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            ps.setFetchSize(fetchSize);
            ps.setLong(1, from);
            ps.setLong(2, to);
            return new Cursor(ps, ps.executeQuery());
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** At most {@code limit} rows after position {@code after}, in position order. */
    public static List<StoredEvent> after(Connection c, long after, int limit) throws SQLException {
        List<StoredEvent> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM " + TABLE
                + " WHERE global_index > ? ORDER BY global_index LIMIT ?")) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(StoredEvent.read(rs));
                }
            }
        }
        return rows;
    }

    /** The rows of {@code stream} in sequence order. */
    public static List<StoredEvent> stream(Connection c, String stream) throws SQLException {
        List<StoredEvent> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM " + TABLE
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(StoredEvent.read(rs));
                }
            }
        }
        return rows;
    }

    /** The position of event {@code sequence} of {@code stream}, null if there is none. */
    public static Long positionOf(Connection c, String stream, long sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT global_index FROM " + TABLE
                + " WHERE aggregate_identifier = ? AND sequence_number = ?")) {
            ps.setString(1, stream);
            ps.setLong(2, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The highest position the connection sees, 0 when the table is empty. */
    public static long head(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(global_index), 0) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows read one at a time from an open result set; closing it closes the statement. */
    public static final class Cursor implements AutoCloseable {

        private final PreparedStatement statement;
        private final ResultSet rows;

        private Cursor(PreparedStatement statement, ResultSet rows) {
            this.statement = statement;
            this.rows = rows;
        }

        /** The next row, or null after the last. */
        public StoredEvent next() throws SQLException {
            return rows.next() ? StoredEvent.read(rows) : null;
        }

        @Override
        public void close() throws SQLException {
            try (statement; rows) {
                // closes both, the result set first
            }
        }
    }
}
