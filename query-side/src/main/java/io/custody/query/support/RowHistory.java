package io.custody.query.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps the history table of a current-state table (see {@code V20__record_read_model_history.sql}):
 * after a projection has applied an event to a row, {@link #record} closes the row's previous state and
 * copies the new one, stamped with the event's position and both of its times.
 *
 * <p>A state is copied only if the current row took this very event (its position column equals the
 * event's position), so a replayed or redelivered event adds nothing: either the row has moved on, or
 * the state at this position is already there. Everything goes through the projection's own
 * {@link JdbcTemplate} with unqualified table names, so a projection bound to another schema keeps its
 * history there too.
 */
public final class RowHistory {

    private final String close;
    private final String copy;
    private final String closeEach;
    private final String copyEach;
    private final int keySize;

    /**
     * @param table          the current-state table; its history is {@code <table>_history}
     * @param positionColumn the column holding the position of the newest event applied to the row
     * @param key            the key columns
     * @param columns        every other column copied into the history, besides the key
     */
    public RowHistory(String table, String positionColumn, List<String> key, List<String> columns) {
        String history = table + "_history";
        String keyMatch = key.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
        List<String> all = new ArrayList<>(key);
        all.addAll(columns);
        String list = String.join(", ", all);
        this.keySize = key.size();
        this.close = "UPDATE " + history + " SET valid_to_position = ?, recorded_to = ?, event_to = ? WHERE " + keyMatch
                + " AND valid_to_position IS NULL AND valid_from_position < ? AND EXISTS (SELECT 1 FROM " + table
                + " WHERE " + keyMatch + " AND " + positionColumn + " = ?)";
        this.copy = "INSERT INTO " + history + " (" + list + ", valid_from_position, recorded_from, event_from) SELECT "
                + list + ", ?, ?, ? FROM " + table + " WHERE " + keyMatch + " AND " + positionColumn + " = ? "
                + "ON CONFLICT DO NOTHING";
        // The same two statements for many rows at once, the rows' keys and events given as arrays.
        List<String> k = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            k.add("k" + i);
        }
        String keyArrays = "unnest(" + "?::text[], ".repeat(key.size()) + "?::bigint[], ?::timestamptz[], "
                + "?::timestamptz[]) AS k (" + String.join(", ", k) + ", position, recorded, happened)";
        String keyJoin = java.util.stream.IntStream.range(0, key.size())
                .mapToObj(i -> "%s." + key.get(i) + " = k." + k.get(i)).collect(Collectors.joining(" AND "));
        this.closeEach = "UPDATE " + history + " h SET valid_to_position = k.position, recorded_to = k.recorded, "
                + "event_to = k.happened FROM " + keyArrays + " WHERE " + keyJoin.replace("%s.", "h.")
                + " AND h.valid_to_position IS NULL AND h.valid_from_position < k.position AND EXISTS (SELECT 1 FROM "
                + table + " t WHERE " + keyJoin.replace("%s.", "t.") + " AND t." + positionColumn + " = k.position)";
        this.copyEach = "INSERT INTO " + history + " (" + list + ", valid_from_position, recorded_from, event_from) "
                + "SELECT " + all.stream().map(c -> "t." + c).collect(Collectors.joining(", "))
                + ", k.position, k.recorded, k.happened FROM " + table + " t JOIN " + keyArrays + " ON "
                + keyJoin.replace("%s.", "t.") + " AND t." + positionColumn + " = k.position ON CONFLICT DO NOTHING";
    }

    /** One row's state after one event, for {@link #recordEach}. */
    public record State(List<?> key, long position, OffsetDateTime recorded, OffsetDateTime happened) {
    }

    /**
     * {@link #record} for many rows, two statements in all. Each row at most once: its current state is the
     * only one there is to copy.
     */
    public void recordEach(JdbcTemplate jdbc, List<State> states) {
        if (states.isEmpty()) {
            return;
        }
        states.forEach(state -> {
            if (state.key().size() != keySize) {
                throw new IllegalArgumentException("expected " + keySize + " key values, got " + state.key().size());
            }
        });
        for (String statement : List.of(closeEach, copyEach)) {
            jdbc.update(statement, ps -> {
                java.sql.Connection c = ps.getConnection();
                int column = 1;
                for (int i = 0; i < keySize; i++) {
                    int at = i;
                    ps.setArray(column++, SqlArrays.of(c, "text", states, s -> String.valueOf(s.key().get(at))));
                }
                ps.setArray(column++, SqlArrays.of(c, "bigint", states, State::position));
                ps.setArray(column++, SqlArrays.of(c, "text", states, s -> s.recorded().toString()));
                ps.setArray(column, SqlArrays.of(c, "text", states, s -> s.happened().toString()));
            });
        }
    }

    /** Records the row's state after the event at {@code position}, if the row took that event. */
    public void record(JdbcTemplate jdbc, long position, OffsetDateTime recorded, OffsetDateTime happened,
                       Object... key) {
        if (key.length != keySize) {
            throw new IllegalArgumentException("expected " + keySize + " key values, got " + key.length);
        }
        List<Object> closeArgs = new ArrayList<>(List.of(position, recorded, happened));
        closeArgs.addAll(List.of(key));
        closeArgs.add(position);
        closeArgs.addAll(List.of(key));
        closeArgs.add(position);
        jdbc.update(close, closeArgs.toArray());

        List<Object> copyArgs = new ArrayList<>(List.of(position, recorded, happened));
        copyArgs.addAll(List.of(key));
        copyArgs.add(position);
        jdbc.update(copy, copyArgs.toArray());
    }
}
