package io.custody.query.support;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * One column of many rows as a PostgreSQL array parameter, for statements that write a whole batch over
 * {@code unnest(...)}: one statement text whatever the batch's size, so it is planned once per connection.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** {@code column} of each of {@code rows}, as an array of the SQL {@code type} ("text", "bigint", …). */
    public static <T> Array of(java.sql.Connection connection, String type, List<T> rows, Function<T, ?> column)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return connection.createArrayOf(type, values);
    }
}
