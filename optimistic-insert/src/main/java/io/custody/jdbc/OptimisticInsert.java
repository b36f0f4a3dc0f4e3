package io.custody.jdbc;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * An insert that almost never meets a taken key, run as a plain {@code INSERT} inside a savepoint; only when
 * PostgreSQL reports a unique violation is it rolled back to the savepoint and run again in its
 * {@code ON CONFLICT} form. {@code ON CONFLICT} inserts every row speculatively (check, insert, confirm), which
 * makes a bulk insert of new keys cost nearly twice a plain one (docs/benchmarks.md, "Prediction ingest").
 * The statements run on the connection of the template's current transaction, so what the transaction wrote
 * before the savepoint stays.
 */
public final class OptimisticInsert {

    /** PostgreSQL's SQLSTATE for a unique violation. */
    static final String UNIQUE_VIOLATION = "23505";

    /** One form of the insert, run on the transaction's connection. */
    @FunctionalInterface
    public interface Statement<T> {
        T run(Connection connection) throws SQLException;
    }

    private OptimisticInsert() {
    }

    /**
     * Runs {@code plain}; if it violates a unique key, undoes it and runs {@code onConflict}, which must give the
     * same answer for rows that meet no conflict. Any other failure is thrown as Spring translates it.
     */
    public static <T> T run(JdbcTemplate jdbc, Statement<T> plain, Statement<T> onConflict) {
        return jdbc.execute((ConnectionCallback<T>) connection -> {
            Savepoint savepoint = connection.setSavepoint();
            T result;
            try {
                result = plain.run(connection);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(savepoint);
                return onConflict.run(connection);
            }
            connection.releaseSavepoint(savepoint);
            return result;
        });
    }
}
