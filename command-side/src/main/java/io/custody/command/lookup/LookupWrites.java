package io.custody.command.lookup;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lookup tables' writes for one batch of events. The subscribing processor hands the lookup
 * projections all events a unit of work appends (one OpenLineage batch: hundreds) in one unit of work;
 * inserts that commute with each other ({@link #later}) are kept until that unit of work prepares to
 * commit and are then sent as one JDBC batch per statement, a multi-row INSERT. Any other write
 * ({@link #now}) first sends what is kept, so it sees every earlier fact, as if nothing had waited.
 * Everything still happens in the transaction that appends the events.
 */
final class LookupWrites {

    private static final String KEY = LookupWrites.class.getName();

    private final JdbcTemplate jdbc;

    LookupWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final class Pending {
        /** Rows per statement; a row with the key of an earlier one of the same statement replaces it. */
        final Map<String, Map<Object, Object[]>> rows = new LinkedHashMap<>();
    }

    /**
     * Keeps an insert ({@code ON CONFLICT DO NOTHING}, or an upsert guarded so that order does not matter)
     * for the end of the unit of work. Rows with the same {@code key} are one row: the last one stays, so
     * an upsert never touches a row twice in one statement.
     */
    void later(String sql, Object key, Object... row) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, row);
            return;
        }
        UnitOfWork<?> uow = CurrentUnitOfWork.get();
        Pending pending = uow.getOrComputeResource(KEY, k -> {
            Pending created = new Pending();
            uow.onPrepareCommit(u -> flush(created));
            return created;
        });
        pending.rows.computeIfAbsent(sql, s -> new LinkedHashMap<>()).put(key, row);
    }

    /** Sends what is kept, then this write. */
    int now(String sql, Object... args) {
        flushCurrent();
        return jdbc.update(sql, args);
    }

    /** Sends what is kept, so a query in the same transaction sees it. */
    void flushCurrent() {
        if (CurrentUnitOfWork.isStarted()) {
            Pending pending = CurrentUnitOfWork.get().getResource(KEY);
            if (pending != null) {
                flush(pending);
            }
        }
    }

    private void flush(Pending pending) {
        pending.rows.forEach((sql, rows) -> {
            List<Object[]> batch = new ArrayList<>(rows.values());
            if (batch.size() == 1) {
                jdbc.update(sql, batch.get(0));
            } else if (!batch.isEmpty()) {
                jdbc.batchUpdate(sql, batch);
            }
        });
        pending.rows.clear();
    }
}
