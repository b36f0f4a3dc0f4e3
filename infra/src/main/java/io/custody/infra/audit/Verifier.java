package io.custody.infra.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.errors.CustodyException;
import io.custody.events.audit.CheckpointRecorded;
import org.postgresql.PGStatement;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    private static final int MAX_DIAGNOSED = 20;
    private static final int FETCH = 5_000;
    /** Below this many positions per worker, another worker costs more than it saves. */
    private static final long MIN_CHUNK = 50_000;

    private final DataSource dataSource;
    private final AuditKey key;
    private final ObjectMapper json;
    private final int workers;
    private final long minChunk;

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
     * log and its newest position.
     */
    public Verification verify(Long from, Long to) {
        if (from != null && from < 1) {
            throw CustodyException.badRequest("from", "positions start at 1");
        }
        if (from != null && to != null && to < from) {
            throw CustodyException.badRequest("to", "the range ends before it starts (from " + from + ", to " + to + ")");
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
        }
    }

    private Verification coordinate(Connection c, Long fromArg, Long toArg, long started) throws SQLException {
        String snapshot = text(c, "SELECT pg_export_snapshot()");
        long head = Long.parseLong(text(c, "SELECT coalesce(max(global_index), 0) FROM domain_event_entry"));
        long sealedThrough = Long.parseLong(text(c, "SELECT coalesce(max(global_index), 0) FROM event_seal"));
        long from = fromArg == null ? 1 : fromArg;
        long to = toArg == null ? Math.max(head, sealedThrough) : toArg;
        List<CheckpointWriter.Stored> all = checkpoints(c);
        Verification.Checkpoint latest = all.isEmpty() ? null : view(all.get(all.size() - 1));
        if (to < from) {
            return report(List.of(), from, from - 1, head, sealedThrough, latest, started);
        }
        List<CheckpointRecorded> inRange = all.stream().map(CheckpointWriter.Stored::checkpoint)
                .filter(cp -> cp.firstPosition() >= from && cp.lastPosition() <= to)
                .sorted(Comparator.comparingLong(CheckpointRecorded::firstPosition)).toList();
        List<Scan> scans = plan(from, to, inRange, sealedThrough);
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
                for (Scan scan : scans) {
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
    private List<Scan> plan(long from, long to, List<CheckpointRecorded> checkpoints, long sealedThrough) {
        long total = to - from + 1;
        int n = (int) Math.max(1, Math.min(workers, total / minChunk));
        long size = (total + n - 1) / n;
        List<Scan> scans = new ArrayList<>();
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
            scans.add(new Scan(first, last, scans.isEmpty(), sealedThrough, checkpoints.stream()
                    .filter(cp -> cp.firstPosition() >= first && cp.lastPosition() <= last).toList()));
            start = end + 1;
        }
        return scans;
    }

    /** A payload or metadata found to belong to another altered position turns ALTERED into REORDERED. */
    private void diagnoseMovedContent(List<Scan> scans) {
        List<Altered> altered = scans.stream().flatMap(s -> s.altered.stream()).limit(MAX_DIAGNOSED).toList();
        SealChain chain = new SealChain(key);
        for (Altered x : altered) {
            for (Altered y : altered) {
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

    private Verification report(List<Scan> scans, long from, long to, long head, long sealedThrough,
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
        try (PreparedStatement ps = c.prepareStatement("SELECT global_index, payload FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            ps.setString(1, CheckpointRecorded.STREAM);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(new CheckpointWriter.Stored(rs.getLong(1),
                                json.readValue(rs.getBytes(2), CheckpointRecorded.class)));
                    } catch (IOException unreadable) {
                        // Its own seal reports the alteration.
                    }
                }
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

    private record SealRow(long position, String stream, Long sequence, byte[] content, byte[] hash) {
    }

    /** An altered event kept for a second look once every chunk is done. */
    private record Altered(Scan scan, IntegrityProblem problem, StoredEvent row, byte[] sealed) {
    }

    /** One chunk of the range: its chain state and findings. */
    private final class Scan {

        private final long from;
        private final long to;
        private final boolean first;
        private final long sealedThrough;
        private final Checkpoints checks;
        private final SealChain chain = new SealChain(key);
        private final List<IntegrityProblem> problems = new ArrayList<>();
        private final List<Altered> altered = new ArrayList<>();
        private Connection c;
        private long problemCount;
        private long events;
        private long gaps;
        private long unsealed;
        private long visited;
        private int checkpointsVerified;

        Scan(long from, long to, boolean first, long sealedThrough, List<CheckpointRecorded> checkpoints) {
            this.from = from;
            this.to = to;
            this.first = first;
            this.sealedThrough = sealedThrough;
            this.checks = new Checkpoints(checkpoints);
        }

        void run(Connection connection) throws SQLException {
            this.c = connection;
            byte[] previous = anchor();
            try (PreparedStatement eventQuery = cursor("SELECT " + StoredEvent.COLUMNS + " FROM domain_event_entry "
                    + "WHERE global_index BETWEEN ? AND ? ORDER BY global_index");
                 PreparedStatement sealQuery = cursor("SELECT global_index, stream, sequence, content, hash FROM event_seal "
                         + "WHERE global_index BETWEEN ? AND ? ORDER BY global_index");
                 ResultSet eventRows = eventQuery.executeQuery();
                 ResultSet sealRows = sealQuery.executeQuery()) {
                StoredEvent e = eventRows.next() ? StoredEvent.read(eventRows) : null;
                SealRow s = sealRows.next() ? seal(sealRows) : null;
                long expected = from;
                while (e != null || s != null) {
                    long n = Math.min(e == null ? Long.MAX_VALUE : e.position(), s == null ? Long.MAX_VALUE : s.position());
                    if (n > expected && missingBoth(expected, n - 1)) {
                        previous = null;
                    }
                    expected = n + 1;
                    visited++;
                    StoredEvent event = e != null && e.position() == n ? e : null;
                    SealRow sealed = s != null && s.position() == n ? s : null;
                    if (sealed != null) {
                        checkLink(previous, sealed);
                        if (event == null) {
                            sealWithoutEvent(sealed);
                        } else {
                            sealedEvent(event, sealed);
                        }
                        checks.accept(n, sealed.hash(), sealed.content() == null);
                        previous = sealed.hash();
                    } else if (n <= sealedThrough) {
                        problem(ProblemKind.INSERTED, event.position(), event.streamName(), event.sequence(),
                                event.eventIdText(), "an event without a seal among sealed positions: it was put there "
                                        + "after the sealer passed");
                        previous = null;
                    } else {
                        unsealed++;
                    }
                    if (event != null) {
                        e = eventRows.next() ? StoredEvent.read(eventRows) : null;
                    }
                    if (sealed != null) {
                        s = sealRows.next() ? seal(sealRows) : null;
                    }
                }
                if (expected <= Math.min(to, sealedThrough)) {
                    missingBoth(expected, Math.min(to, sealedThrough));
                }
            }
            checks.finish();
        }

        private byte[] anchor() throws SQLException {
            if (from == 1) {
                return SealChain.GENESIS;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM event_seal WHERE global_index = ?")) {
                ps.setLong(1, from - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getBytes(1);
                    }
                }
            }
            // Inside the range, the chunk before reports the missing position.
            if (first && from - 1 <= sealedThrough) {
                problem(ProblemKind.MISSING, from - 1, null, null, null,
                        "the seal just before the range is gone, so the range's first link cannot be checked");
            }
            return null;
        }

        /** Positions with neither an event nor a seal; true if any of them had been sealed. */
        private boolean missingBoth(long firstMissing, long lastMissing) {
            long end = Math.min(lastMissing, sealedThrough);
            if (firstMissing > end) {
                return false;
            }
            problem(ProblemKind.MISSING, firstMissing, null, null, null, (firstMissing == end
                    ? "position " + firstMissing + " has" : "positions " + firstMissing + ".." + end + " have")
                    + " neither an event nor a seal: removed together with their seals");
            return true;
        }

        private void checkLink(byte[] previous, SealRow s) {
            if (previous == null) {
                return;
            }
            byte[] expected = s.content() == null ? chain.gap(previous, s.position())
                    : chain.link(previous, s.position(), s.content());
            if (!Arrays.equals(expected, s.hash())) {
                problem(ProblemKind.SEAL_ALTERED, s.position(), s.stream(), s.sequence(), null,
                        "the seal does not follow from the one before it: the seal table was edited");
            }
        }

        private void sealWithoutEvent(SealRow s) {
            if (s.content() == null) {
                gaps++;
                return;
            }
            problem(ProblemKind.MISSING, s.position(), s.stream(), s.sequence(), null,
                    "the event sealed here (" + s.stream() + " #" + s.sequence() + ") is gone");
        }

        private void sealedEvent(StoredEvent e, SealRow s) throws SQLException {
            if (s.content() == null) {
                problem(ProblemKind.INSERTED, e.position(), e.streamName(), e.sequence(), e.eventIdText(),
                        "an event stands at a position sealed as a permanent gap");
                return;
            }
            byte[] content = chain.content(e);
            if (Arrays.equals(content, s.content())) {
                events++;
                return;
            }
            if (!(e.streamName().equals(s.stream()) && s.sequence() != null && e.sequence() == s.sequence())) {
                Long now = problems.size() < MAX_DIAGNOSED ? positionOf(s.stream(), s.sequence()) : null;
                if (now != null && now != e.position()) {
                    problem(ProblemKind.REORDERED, e.position(), e.streamName(), e.sequence(), e.eventIdText(),
                            "holds " + e.streamName() + " #" + e.sequence() + ", but the event sealed here ("
                                    + s.stream() + " #" + s.sequence() + ") is now at position " + now);
                } else {
                    problem(ProblemKind.ALTERED, e.position(), e.streamName(), e.sequence(), e.eventIdText(),
                            "holds " + e.streamName() + " #" + e.sequence() + " where " + s.stream() + " #" + s.sequence()
                                    + " was sealed");
                }
                return;
            }
            IntegrityProblem p = problem(ProblemKind.ALTERED, e.position(), e.streamName(), e.sequence(), e.eventIdText(),
                    "the stored event no longer matches its seal (" + e.payloadTypeText() + ")");
            if (p != null && altered.size() < MAX_DIAGNOSED) {
                altered.add(new Altered(this, p, e, s.content()));
            }
        }

        private Long positionOf(String stream, Long sequence) throws SQLException {
            if (stream == null || sequence == null) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT global_index FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ? AND sequence_number = ?")) {
                ps.setString(1, stream);
                ps.setLong(2, sequence);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
        }

        /** Counts the problem, and lists it while the list has room; the listed problem, or null. */
        private IntegrityProblem problem(ProblemKind kind, long position, String stream, Long sequence, String eventId,
                                         String detail) {
            problemCount++;
            if (problems.size() >= MAX_LISTED) {
                return null;
            }
            IntegrityProblem p = new IntegrityProblem(kind, position, stream, sequence, eventId, detail);
            problems.add(p);
            return p;
        }

        private PreparedStatement cursor(String sql) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            // Binary transfer: bytea arrives as bytes rather than hex text.
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            ps.setFetchSize(FETCH);
            ps.setLong(1, from);
            ps.setLong(2, to);
            return ps;
        }

        private SealRow seal(ResultSet rs) throws SQLException {
            long sequence = rs.getLong(3);
            return new SealRow(rs.getLong(1), rs.getString(2), rs.wasNull() ? null : sequence, rs.getBytes(4),
                    rs.getBytes(5));
        }

        /** Recomputes the Merkle root and counts of each checkpoint inside the chunk as the seals stream by. */
        private final class Checkpoints {

            private final List<CheckpointRecorded> pending;
            private int next;
            private MerkleTree tree = new MerkleTree();
            private long rangeEvents;
            private long rangeGaps;

            Checkpoints(List<CheckpointRecorded> pending) {
                this.pending = pending;
            }

            void accept(long position, byte[] hash, boolean gap) {
                while (next < pending.size() && pending.get(next).lastPosition() < position) {
                    close();
                }
                if (next < pending.size() && position >= pending.get(next).firstPosition()) {
                    tree.add(hash);
                    if (gap) {
                        rangeGaps++;
                    } else {
                        rangeEvents++;
                    }
                }
            }

            void finish() {
                while (next < pending.size()) {
                    close();
                }
            }

            private void close() {
                CheckpointRecorded cp = pending.get(next++);
                String root = HexFormat.of().formatHex(tree.root());
                long positions = cp.lastPosition() - cp.firstPosition() + 1;
                if (!root.equals(cp.merkleRoot()) || tree.size() != positions || rangeEvents != cp.events()
                        || rangeGaps != cp.gaps()) {
                    problem(ProblemKind.CHECKPOINT_MISMATCH, cp.firstPosition(), CheckpointRecorded.STREAM, null, null,
                            "checkpoint of positions " + cp.firstPosition() + ".." + cp.lastPosition() + " recorded "
                                    + cp.events() + " events, " + cp.gaps() + " gaps, root " + cp.merkleRoot()
                                    + "; the seals give " + rangeEvents + " events, " + rangeGaps + " gaps, root " + root);
                }
                checkpointsVerified++;
                tree = new MerkleTree();
                rangeEvents = 0;
                rangeGaps = 0;
            }
        }
    }
}
