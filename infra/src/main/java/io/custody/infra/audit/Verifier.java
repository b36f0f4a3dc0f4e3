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

/**
 * Recomputes the seal chain and the checkpoints over a range of the log, straight from the tables, in one
 * read-only snapshot, and names every position where the store no longer matches its seals.
 *
 * <p>Each position is checked against its own seal and its predecessor's: {@code hash_n} must follow from
 * the stored {@code hash_(n-1)}, and the stored row must digest to the sealed content. When every link
 * holds, the whole chain holds; when one fails the check resumes from the stored seal, so one altered
 * event is reported once and does not bury everything after it.
 */
public final class Verifier {

    /** The most problems a report lists (it counts all of them). */
    public static final int MAX_LISTED = 100;
    /** The most problems looked into further to tell an alteration from a move. */
    private static final int MAX_DIAGNOSED = 20;
    private static final int FETCH = 5_000;

    private final DataSource dataSource;
    private final AuditKey key;
    private final ObjectMapper json;

    public Verifier(DataSource dataSource, AuditKey key, ObjectMapper json) {
        this.dataSource = dataSource;
        this.key = key;
        this.json = json;
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
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return new Run(c, started).verify(from, to);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("verification could not read the store: " + e.getMessage(), e);
        }
    }

    private record SealRow(long position, String stream, Long sequence, byte[] content, byte[] hash) {
    }

    /** An altered event kept for a second look once the scan is over. */
    private record Altered(int problem, StoredEvent row, byte[] sealed) {
    }

    /** One verification: its snapshot, chain state and findings. */
    private final class Run {

        private final Connection c;
        private final long started;
        private final SealChain chain = new SealChain(key);
        private final List<IntegrityProblem> problems = new ArrayList<>();
        private final List<Altered> altered = new ArrayList<>();
        private long problemCount;
        private long events;
        private long gaps;
        private long unsealed;
        private long visited;
        private long sealedThrough;

        Run(Connection c, long started) {
            this.c = c;
            this.started = started;
        }

        Verification verify(Long fromArg, Long toArg) throws SQLException {
            long head = scalar("SELECT coalesce(max(global_index), 0) FROM domain_event_entry");
            sealedThrough = scalar("SELECT coalesce(max(global_index), 0) FROM event_seal");
            long from = fromArg == null ? 1 : fromArg;
            long to = toArg == null ? Math.max(head, sealedThrough) : toArg;
            List<CheckpointWriter.Stored> all = checkpoints();
            Verification.Checkpoint latest = all.isEmpty() ? null : view(all.get(all.size() - 1));
            if (to < from) {
                return report(from, from - 1, head, 0, latest);
            }
            Checkpoints checks = new Checkpoints(all.stream().map(CheckpointWriter.Stored::checkpoint)
                    .filter(cp -> cp.firstPosition() >= from && cp.lastPosition() <= to)
                    .sorted(Comparator.comparingLong(CheckpointRecorded::firstPosition)).toList());
            byte[] previous = anchor(from);
            try (PreparedStatement eventQuery = cursor("SELECT " + StoredEvent.COLUMNS + " FROM domain_event_entry "
                    + "WHERE global_index BETWEEN ? AND ? ORDER BY global_index", from, to);
                 PreparedStatement sealQuery = cursor("SELECT global_index, stream, sequence, content, hash FROM event_seal "
                         + "WHERE global_index BETWEEN ? AND ? ORDER BY global_index", from, to);
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
                        problem(ProblemKind.INSERTED, event.position(), event.stream(), event.sequence(),
                                event.eventId(), "an event without a seal among sealed positions: it was put there "
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
            diagnoseMovedContent();
            return report(from, to, head, checks.verified, latest);
        }

        private byte[] anchor(long from) throws SQLException {
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
            if (from - 1 <= sealedThrough) {
                problem(ProblemKind.MISSING, from - 1, null, null, null,
                        "the seal just before the range is gone, so the range's first link cannot be checked");
            }
            return null;
        }

        /** Positions with neither an event nor a seal; true if any of them had been sealed. */
        private boolean missingBoth(long first, long last) {
            long end = Math.min(last, sealedThrough);
            if (first > end) {
                return false;
            }
            problem(ProblemKind.MISSING, first, null, null, null, (first == end ? "position " + first + " has"
                    : "positions " + first + ".." + end + " have") + " neither an event nor a seal: removed together "
                    + "with their seals");
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
                problem(ProblemKind.INSERTED, e.position(), e.stream(), e.sequence(), e.eventId(),
                        "an event stands at a position sealed as a permanent gap");
                return;
            }
            byte[] content = chain.content(e);
            if (Arrays.equals(content, s.content())) {
                events++;
                return;
            }
            if (!(e.stream().equals(s.stream()) && s.sequence() != null && e.sequence() == s.sequence())) {
                Long now = problems.size() < MAX_DIAGNOSED ? positionOf(s.stream(), s.sequence()) : null;
                if (now != null && now != e.position()) {
                    problem(ProblemKind.REORDERED, e.position(), e.stream(), e.sequence(), e.eventId(),
                            "holds " + e.stream() + " #" + e.sequence() + ", but the event sealed here ("
                                    + s.stream() + " #" + s.sequence() + ") is now at position " + now);
                } else {
                    problem(ProblemKind.ALTERED, e.position(), e.stream(), e.sequence(), e.eventId(),
                            "holds " + e.stream() + " #" + e.sequence() + " where " + s.stream() + " #" + s.sequence()
                                    + " was sealed");
                }
                return;
            }
            boolean listed = problem(ProblemKind.ALTERED, e.position(), e.stream(), e.sequence(), e.eventId(),
                    "the stored event no longer matches its seal (" + e.payloadType() + ")");
            if (listed && altered.size() < MAX_DIAGNOSED) {
                altered.add(new Altered(problems.size() - 1, e, s.content()));
            }
        }

        /** A payload or metadata found to belong to another altered position turns ALTERED into REORDERED. */
        private void diagnoseMovedContent() {
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
                        IntegrityProblem p = problems.get(x.problem());
                        problems.set(x.problem(), new IntegrityProblem(ProblemKind.REORDERED, p.position(), p.stream(),
                                p.sequence(), p.eventId(), "the " + moved + " sealed here is now stored at position "
                                + y.row().position()));
                        break;
                    }
                }
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

        /** Counts the problem, and lists it while the list has room; true if listed. */
        private boolean problem(ProblemKind kind, long position, String stream, Long sequence, String eventId,
                                String detail) {
            problemCount++;
            if (problems.size() >= MAX_LISTED) {
                return false;
            }
            problems.add(new IntegrityProblem(kind, position, stream, sequence, eventId, detail));
            return true;
        }

        private Verification report(long from, long to, long head, int checkpoints, Verification.Checkpoint latest) {
            List<IntegrityProblem> sorted = problems.stream()
                    .sorted(Comparator.comparingLong(IntegrityProblem::position)).toList();
            long tookNanos = System.nanoTime() - started;
            double seconds = Math.max(tookNanos, 1) / 1e9;
            return new Verification(from, to, problemCount == 0, head, sealedThrough, events, gaps, unsealed,
                    checkpoints, sorted.isEmpty() ? null : sorted.get(0), sorted, problemCount, tookNanos / 1_000_000,
                    visited / seconds, key.id(), latest);
        }

        private List<CheckpointWriter.Stored> checkpoints() throws SQLException {
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

        private PreparedStatement cursor(String sql, long from, long to) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            // Binary transfer: bytea arrives as bytes rather than hex text.
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            ps.setFetchSize(FETCH);
            ps.setLong(1, from);
            ps.setLong(2, to);
            return ps;
        }

        private long scalar(String sql) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private SealRow seal(ResultSet rs) throws SQLException {
            long sequence = rs.getLong(3);
            return new SealRow(rs.getLong(1), rs.getString(2), rs.wasNull() ? null : sequence, rs.getBytes(4),
                    rs.getBytes(5));
        }

        /** Recomputes the Merkle root and counts of each checkpoint inside the range as the seals stream by. */
        private final class Checkpoints {

            private final List<CheckpointRecorded> pending;
            private int next;
            private MerkleTree tree = new MerkleTree();
            private long rangeEvents;
            private long rangeGaps;
            int verified;

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
                verified++;
                tree = new MerkleTree();
                rangeEvents = 0;
                rangeGaps = 0;
            }
        }
    }

    private static Verification.Checkpoint view(CheckpointWriter.Stored stored) {
        CheckpointRecorded cp = stored.checkpoint();
        return new Verification.Checkpoint(stored.position(), cp.firstPosition(), cp.lastPosition(), cp.events(),
                cp.gaps(), cp.merkleRoot(), cp.chainHead());
    }
}
