package io.custody.query.support;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL for reading history tables as of an instant: the state of a row at T is its newest state with
 * {@code recorded_from <= T} (or {@code event_from <= T} on the event clock), found by one backward step
 * on the {@code (key, time)} index. The cost depends on how many rows are asked for, not on how long
 * their histories are.
 */
public final class Temporal {

    /** The named parameter holding the instant. */
    public static final String AT = "asOfAt";

    private Temporal() {
    }

    /** A key column of a history table and the SQL array type its values are sent as. */
    public record Key(String column, String arrayType) {

        public static Key text(String column) {
            return new Key(column, "varchar[]");
        }

        public static Key integer(String column) {
            return new Key(column, "int[]");
        }
    }

    /**
     * A lateral subquery: the state of {@code <table>_history} (alias {@code h}) matched by {@code match}
     * as of the instant, with {@code columns} (a comma-separated list of the history's columns).
     */
    public static String stateOf(String table, String columns, String match, AsOf asOf) {
        String time = "h." + asOf.pick("recorded_from", "event_from");
        return "(SELECT " + qualified(columns) + " FROM " + table + "_history h WHERE " + match + " AND " + time
                + " <= :" + AT + " ORDER BY " + time + " DESC, h.valid_from_position DESC LIMIT 1)";
    }

    /**
     * The states as of the instant of the rows whose keys are bound by {@link #keys}, one row each; rows
     * that did not exist yet are absent.
     */
    public static String statesOf(String table, String columns, List<Key> key, AsOf asOf) {
        String unnest = IntStream.range(0, key.size())
                .mapToObj(i -> "CAST(:key" + i + " AS " + key.get(i).arrayType() + ")")
                .collect(Collectors.joining(", ", "unnest(", ")"));
        String names = key.stream().map(Key::column).collect(Collectors.joining(", "));
        String match = key.stream().map(k -> "h." + k.column() + " = k." + k.column())
                .collect(Collectors.joining(" AND "));
        return "SELECT s.* FROM " + unnest + " AS k(" + names + ") CROSS JOIN LATERAL "
                + stateOf(table, columns, match, asOf) + " s";
    }

    /** Parameters for {@link #statesOf}: the instant and one array per key column. */
    @SafeVarargs
    public static <K> MapSqlParameterSource keys(AsOf asOf, Collection<K> keys, Function<K, Object>... parts) {
        MapSqlParameterSource p = at(asOf);
        List<K> distinct = keys.stream().distinct().toList();
        for (int i = 0; i < parts.length; i++) {
            Function<K, Object> part = parts[i];
            Object[] values = distinct.stream().map(part).toArray();
            p.addValue("key" + i, values.length > 0 && values[0] instanceof Integer
                    ? Arrays.stream(values).map(Integer.class::cast).toArray(Integer[]::new)
                    : Arrays.stream(values).map(String::valueOf).toArray(String[]::new));
        }
        return p;
    }

    public static MapSqlParameterSource at(AsOf asOf) {
        return new MapSqlParameterSource(AT, asOf.at());
    }

    private static String qualified(String columns) {
        return qualified("h", columns);
    }

    /** {@code columns} (comma-separated) each prefixed with the table alias, for queries that join tables sharing names. */
    public static String qualified(String alias, String columns) {
        return Arrays.stream(columns.split(",")).map(String::trim).map(c -> alias + "." + c)
                .collect(Collectors.joining(", "));
    }
}
