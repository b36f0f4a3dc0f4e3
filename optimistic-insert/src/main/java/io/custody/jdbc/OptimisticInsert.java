package io.custody.jdbc;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * An insert that almost never meets a taken key, run as a plain {@code INSERT} inside a savepoint; only when the
 * database reports a duplicate key is it rolled back to the savepoint and run again in its {@code ON CONFLICT}
 * form. {@code ON CONFLICT} inserts every row speculatively (check, insert, confirm), which makes a bulk insert of
 * new keys cost nearly twice a plain one (docs/benchmarks.md, "Prediction ingest"). The statements run on the
 * connection of the template's current transaction, so what the transaction wrote before the savepoint stays.
 */
public final class OptimisticInsert {

    /** Runs one form of the insert, given as its SQL, on the transaction's connection. */
    @FunctionalInterface
    public interface Execution<T> {
        T run(Connection connection, String sql) throws SQLException;
    }

    private OptimisticInsert() {
    }

    /**
     * Runs {@code plainSql}; if it violates a unique key (as the template's exception translator reads the
     * failure), undoes it and runs {@code onConflictSql}, which must give the same answer for rows that meet no
     * conflict. Any other failure is thrown as Spring translates it.
     */
    public static <T> T run(JdbcTemplate jdbc, String plainSql, String onConflictSql, Execution<T> execution) {
        return jdbc.execute((ConnectionCallback<T>) connection -> {
            Savepoint savepoint = connection.setSavepoint();
            T result;
            try {
                result = execution.run(connection, plainSql);
            } catch (SQLException e) {
                if (!(jdbc.getExceptionTranslator().translate("optimistic insert", plainSql, e)
                        instanceof DuplicateKeyException)) {
                    throw e;
                }
                connection.rollback(savepoint);
                return execution.run(connection, onConflictSql);
            }
            connection.releaseSavepoint(savepoint);
            return result;
        });
    }
}
