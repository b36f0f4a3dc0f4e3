package io.custody.query.support;

import java.sql.Array;
import java.sql.PreparedStatement;
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

    /** One array parameter: the SQL element type ("text", "bigint", …) and each row's value. */
    public record Column<T>(String type, Function<T, ?> value) {
    }

    public static <T> Column<T> column(String type, Function<T, ?> value) {
        return new Column<>(type, value);
    }

    /** {@code column} of each of {@code rows}, as an array of the SQL {@code type} ("text", "bigint", …). */
    public static <T> Array of(java.sql.Connection connection, String type, List<T> rows, Function<T, ?> column)
            throws SQLException {
        Object[] values = switch (type) {
            case "text" -> new String[rows.size()];
            case "bigint" -> new Long[rows.size()];
            case "int" -> new Integer[rows.size()];
            case "boolean" -> new Boolean[rows.size()];
            default -> new Object[rows.size()];
        };
        for (int i = 0; i < values.length; i++) {
            values[i] = element(values, type, column.apply(rows.get(i)));
        }
        // Typed element arrays (String[], Long[], …) go to PostgreSQL in the driver's binary array format; an
        // Object[] is written as array text, every element escaped, a fifth of the lineage projection's CPU.
        return connection.createArrayOf(type, values);
    }

    /** The value as the array's element type: any value's text for text, a whole number for bigint or int. */
    private static Object element(Object[] values, String type, Object value) {
        if (value == null || values.getClass().getComponentType().isInstance(value)) {
            return value;
        }
        if (values instanceof String[]) {
            return value.toString();
        }
        if ((values instanceof Long[] || values instanceof Integer[])
                && (value instanceof Integer || value instanceof Short || value instanceof Byte)) {
            Number number = (Number) value;
            return values instanceof Long[] ? (Object) number.longValue() : number.intValue();
        }
        throw new IllegalArgumentException("a " + type + " array cannot hold " + value.getClass().getName());
    }

    /** Binds {@code columns} of {@code rows}, in order, as the statement's parameters from the first on. */
    public static <T> void bind(PreparedStatement ps, List<T> rows, List<Column<T>> columns) throws SQLException {
        java.sql.Connection connection = ps.getConnection();
        for (int i = 0; i < columns.size(); i++) {
            ps.setArray(i + 1, of(connection, columns.get(i).type(), rows, columns.get(i).value()));
        }
    }
}
