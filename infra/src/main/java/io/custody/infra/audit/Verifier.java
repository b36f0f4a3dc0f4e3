package io.custody.infra.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.errors.CustodyException;
import io.custody.events.audit.CheckpointRecorded;
import io.custody.infra.store.EventRows;
import io.custody.infra.store.StoredEvent;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Recomputes the seal chain and the checkpoints over a range of the log, straight from the tables, and
 * names every position where the store no longer matches its seals.
 *
 * <p>Each position is checked against its own seal and its predecessor's: {@code hash_n} must follow from
 * the stored {@code hash_(n-1)}, and the stored row must digest to the sealed content. When every link
 * holds, the whole chain holds; when one fails, checking resumes from the stored seal, so one altered event
 * is reported once and does not bury everything after it. Because every link is checked on its own, the
 * range is split into chunks (at checkpoint boundaries) verified in parallel, each on its own connection,
 * all in one snapshot exported by a coordinating transaction.
 */
public final class Verifier {

    /** The most problems a report lists (it counts all of them). */
    public static final int MAX_LISTED = 100;
    /** The most problems looked into further to tell an alteration from a move. */
    static final int MAX_DIAGNOSED = 20;
    /** Below this many positions per worker, another worker costs more than it saves. */
    private static final long MIN_CHUNK = 50_000;

    private final DataSource dataSource;
    private final AuditKey key;
    private final ObjectMapper json;
    private final int workers;
    private final long minChunk;
    /** One verify per instance: each holds up to {@code workers} connections and a snapshot. */
    private final Semaphore running = new Semaphore(1);

    public Verifier(DataSource dataSource, AuditKey key, ObjectMapper json) {
        this(dataSource, key, json, Math.min(4, Runtime.getRuntime().availableProcessors()), MIN_CHUNK);
    }

    /** With {@code workers} connections at most, each taking at least {@code minChunk} positions. */
    Verifier(DataSource dataSource, AuditKey key, ObjectMapper json, int workers, long minChunk) {
        this.dataSource = dataSource;
        this.key = key;
        this.json = json;
        this.workers = Math.max(1, workers);
        this.minChunk = Math.max(1, minChunk);
    }

    /**
     * Verifies positions {@code from} to {@code to}, both inclusive; {@code null} means the start of the
     * log and its newest position. The range is clamped to what is stored, so the work is proportional to
     * the log whatever the arguments; a range past the newest position verifies nothing. One verify runs
     * at a time: another asked meanwhile is refused with CONFLICT.
     */
    public Verification verify(Long from, Long to) {
        if (from != null && from < 1) {
            throw CustodyException.badRequest("from", "must be 1 or more: positions start at 1 (got " + from + ")");
        }
        if (to != null && to < 1) {
            throw CustodyException.badRequest("to", "must be 1 or more: positions start at 1 (got " + to + ")");
        }
        if (from != null && to != null && to < from) {
            throw CustodyException.badRequest("to", "must not be less than from: the range ends before it starts "
                    + "(from " + from + ", to " + to + ")");
        }
        if (!running.tryAcquire()) {
            throw CustodyException.conflict(null, "a verify is running on this instance; ask again when it has "
                    + "answered");
        }
        long started = System.nanoTime();
        try (Connection c = open(null)) {
            try {
                return coordinate(c, from, to, started);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("verification could not read the store: " + e.getMessage(), e);
        } finally {
            running.release();
        }
    }

    private Verification coordinate(Connection c, Long fromArg, Long toArg, long started) throws SQLException {
        String snapshot = text(c, "SELECT pg_export_snapshot()");
        long head = EventRows.head(c);
        long sealedThrough = Long.parseLong(text(c, "SELECT coalesce(max(global_index), 0) FROM event_seal"));
        long stored = Math.max(head, sealedThrough);
        long to = toArg == null ? stored : Math.min(toArg, stored);
        long from = Math.min(fromArg == null ? 1 : fromArg, to + 1);
        List<CheckpointWriter.Stored> all = checkpoints(c);
        Verification.Checkpoint latest = all.isEmpty() ? null : view(all.get(all.size() - 1));
        if (to < from) {
            return report(List.of(), from, to, head, sealedThrough, latest, started);
        }
        List<CheckpointRecorded> inRange = all.stream().map(CheckpointWriter.Stored::checkpoint)
                .filter(cp -> cp.firstPosition() >= from && cp.lastPosition() <= to)
                .sorted(Comparator.comparingLong(CheckpointRecorded::firstPosition)).toList();
        List<ChunkScan> scans = plan(from, to, inRange, sealedThrough);
        if (scans.size() == 1) {
            scans.get(0).run(c);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(scans.size(), r -> {
                Thread t = new Thread(r, "custody-verify");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (ChunkScan scan : scans) {
                    running.add(pool.submit(() -> {
                        try (Connection own = open(snapshot)) {
                            scan.run(own);
                            own.rollback();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("verification interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException s) {
                    throw s;
                }
                throw new IllegalStateException("verification failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        diagnoseMovedContent(scans);
        return report(scans, from, to, head, sealedThrough, latest, started);
    }

    /** Splits the range into about equal chunks, never inside a checkpoint's range. */
    private List<ChunkScan> plan(long from, long to, List<CheckpointRecorded> checkpoints, long sealedThrough) {
        long total = to - from + 1;
        int n = (int) Math.max(1, Math.min(workers, total / minChunk));
        long size = (total + n - 1) / n;
        List<ChunkScan> scans = new ArrayList<>();
        long start = from;
        while (start <= to) {
            long end = Math.min(to, start + size - 1);
            for (CheckpointRecorded cp : checkpoints) {
                if (cp.firstPosition() <= end && end < cp.lastPosition()) {
                    end = cp.lastPosition();
                }
            }
            long first = start;
            long last = end;
            scans.add(new ChunkScan(key, first, last, scans.isEmpty(), sealedThrough, checkpoints.stream()
                    .filter(cp -> cp.firstPosition() >= first && cp.lastPosition() <= last).toList()));
            start = end + 1;
        }
        return scans;
    }

    /** A payload or metadata found to belong to another altered position turns ALTERED into REORDERED. */
    private void diagnoseMovedContent(List<ChunkScan> scans) {
        List<ChunkScan.Altered> altered = scans.stream().flatMap(s -> s.altered.stream()).limit(MAX_DIAGNOSED).toList();
        SealChain chain = new SealChain(key);
        for (ChunkScan.Altered x : altered) {
            for (ChunkScan.Altered y : altered) {
                if (x == y) {
                    continue;
                }
                String moved = null;
                if (Arrays.equals(chain.content(x.row().withPayload(y.row().payload())), x.sealed())) {
                    moved = "payload";
                } else if (Arrays.equals(chain.content(x.row().withMetaData(y.row().metaData())), x.sealed())) {
                    moved = "metadata";
                }
                if (moved != null) {
                    IntegrityProblem p = x.problem();
                    List<IntegrityProblem> owner = x.scan().problems;
                    owner.set(owner.indexOf(p), new IntegrityProblem(ProblemKind.REORDERED, p.position(), p.stream(),
                            p.sequence(), p.eventId(), "the " + moved + " sealed here is now stored at position "
                            + y.row().position()));
                    break;
                }
            }
        }
    }

    private Verification report(List<ChunkScan> scans, long from, long to, long head, long sealedThrough,
                                Verification.Checkpoint latest, long started) {
        List<IntegrityProblem> problems = scans.stream().flatMap(s -> s.problems.stream())
                .sorted(Comparator.comparingLong(IntegrityProblem::position)).limit(MAX_LISTED).toList();
        long problemCount = scans.stream().mapToLong(s -> s.problemCount).sum();
        long visited = scans.stream().mapToLong(s -> s.visited).sum();
        long tookNanos = System.nanoTime() - started;
        return new Verification(from, to, problemCount == 0, head, sealedThrough,
                scans.stream().mapToLong(s -> s.events).sum(), scans.stream().mapToLong(s -> s.gaps).sum(),
                scans.stream().mapToLong(s -> s.unsealed).sum(), scans.stream().mapToInt(s -> s.checkpointsVerified).sum(),
                problems.isEmpty() ? null : problems.get(0), problems, problemCount, tookNanos / 1_000_000,
                visited / (Math.max(tookNanos, 1) / 1e9), key.id(), latest);
    }

    /** A read-only repeatable-read transaction; in the given exported snapshot, if any. */
    private Connection open(String snapshot) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            if (snapshot != null) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "") + "'");
                }
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private List<CheckpointWriter.Stored> checkpoints(Connection c) throws SQLException {
        List<CheckpointWriter.Stored> out = new ArrayList<>();
        for (StoredEvent row : EventRows.stream(c, CheckpointRecorded.STREAM)) {
            try {
                out.add(new CheckpointWriter.Stored(row.position(),
                        json.readValue(row.payload(), CheckpointRecorded.class)));
            } catch (IOException unreadable) {
                // Its own seal reports the alteration.
            }
        }
        return out;
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Verification.Checkpoint view(CheckpointWriter.Stored stored) {
        CheckpointRecorded cp = stored.checkpoint();
        return new Verification.Checkpoint(stored.position(), cp.firstPosition(), cp.lastPosition(), cp.events(),
                cp.gaps(), cp.merkleRoot(), cp.chainHead());
    }
}
