package io.custody.infra.audit;

import io.custody.events.audit.CheckpointRecorded;
import io.custody.infra.store.EventRows;
import io.custody.infra.store.StoredEvent;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One chunk of a verified range, checked on its own connection: its chain state and findings. Each link is
 * checked against the stored seal before it, so chunks need nothing from each other (see {@link Verifier}).
 */
final class ChunkScan {

    private static final int FETCH = 5_000;

    private final long from;
    private final long to;
    private final boolean first;
    private final long sealedThrough;
    private final Checkpoints checks;
    private final SealChain chain;
    private Connection c;
    // The findings and counts, read by Verifier once every chunk is done.
    final List<IntegrityProblem> problems = new ArrayList<>();
    final List<Altered> altered = new ArrayList<>();
    long problemCount;
    long events;
    long gaps;
    long unsealed;
    long visited;
    int checkpointsVerified;

    ChunkScan(AuditKey key, long from, long to, boolean first, long sealedThrough, List<CheckpointRecorded> checkpoints) {
        this.from = from;
        this.to = to;
        this.first = first;
        this.sealedThrough = sealedThrough;
        this.checks = new Checkpoints(checkpoints);
        this.chain = new SealChain(key);
    }

    void run(Connection connection) throws SQLException {
        this.c = connection;
        byte[] previous = anchor();
        try (EventRows.Cursor eventRows = EventRows.range(c, from, to, FETCH);
             PreparedStatement sealQuery = cursor("SELECT global_index, stream, sequence, content, hash FROM event_seal "
                     + "WHERE global_index BETWEEN ? AND ? ORDER BY global_index");
             ResultSet sealRows = sealQuery.executeQuery()) {
            StoredEvent e = eventRows.next();
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
                    e = eventRows.next();
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
            Long now = problems.size() < Verifier.MAX_DIAGNOSED && s.stream() != null && s.sequence() != null
                    ? EventRows.positionOf(c, s.stream(), s.sequence()) : null;
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
        if (p != null && altered.size() < Verifier.MAX_DIAGNOSED) {
            altered.add(new Altered(this, p, e, s.content()));
        }
    }

    /** Counts the problem, and lists it while the list has room; the listed problem, or null. */
    private IntegrityProblem problem(ProblemKind kind, long position, String stream, Long sequence, String eventId,
                                     String detail) {
        problemCount++;
        if (problems.size() >= Verifier.MAX_LISTED) {
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

    record SealRow(long position, String stream, Long sequence, byte[] content, byte[] hash) {
    }

    /** An altered event kept for a second look once every chunk is done. */
    record Altered(ChunkScan scan, IntegrityProblem problem, StoredEvent row, byte[] sealed) {
    }
}
