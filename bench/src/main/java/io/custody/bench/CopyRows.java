package io.custody.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/** Rows written through one {@code COPY ... FROM STDIN}, sent in chunks of about a megabyte as they are built. */
final class CopyRows {

    private static final int CHUNK = 1 << 20;

    private final CopyIn copy;
    private final StringBuilder chunk = new StringBuilder(CHUNK);

    CopyRows(Connection c, String copySql) throws SQLException {
        this.copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    }

    /** Where the next row is appended, tab-separated and ending in a newline; then {@link #rowDone}. */
    StringBuilder row() {
        return chunk;
    }

    void rowDone() throws SQLException {
        if (chunk.length() > CHUNK - 4096) {
            flush();
        }
    }

    /** Sends what is left and ends the COPY; the caller commits. */
    void finish() throws SQLException {
        flush();
        copy.endCopy();
    }

    private void flush() throws SQLException {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        chunk.setLength(0);
    }
}
