package io.custody.infra.audit;

import com.zaxxer.hikari.HikariDataSource;
import io.custody.events.audit.CheckpointRecorded;
import io.custody.infra.store.EventRows;
import io.custody.infra.store.StoredEvent;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Seals the event log after the fact, so appending never waits for it (docs/audit.md). One thread, on
 * one instance at a time: the holder of a PostgreSQL advisory lock, taken on the connection the sealer
 * works on, so losing the connection loses the lock.
 *
 * <p>A position is sealed once it is final. Every position up to the highest visible one is final when
 * none is missing. A missing position belongs either to a transaction still open, which may commit it
 * later, or to one that rolled back, which never will. It is declared a permanent gap once every
 * transaction that was running when the gap was first seen has ended (the snapshot's xmin passed the
 * xmax seen then) and the gap is at least {@code gapGrace} old; or, whatever runs, after {@code gapTimeout}.
 */
public final class Sealer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sealer.class);

    /** "custody" in ASCII: the advisory lock only one sealer holds. */
    static final long LOCK = 0x637573746f6479L;

    private static final String COPY = "COPY event_seal (global_index, stream, sequence, content, hash) "
            + "FROM STDIN (FORMAT binary)";
    private static final byte[] COPY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] CHECKPOINT_STREAM = CheckpointRecorded.STREAM.getBytes(StandardCharsets.UTF_8);

    /** A seal to write; {@code stream} as the row's bytes, null for a gap. */
    private record Seal(long position, byte[] stream, Long sequence, byte[] content, byte[] hash) {
    }

    /** A missing position seen at a time and a transaction horizon. */
    private record Gap(long first, long seenAt, long xmaxWhenSeen) {
    }

    private final DataSource dataSource;
    private final AuditKey key;
    private final AuditProperties.Sealer settings;
    private final AuditProperties.Checkpoints checkpointSettings;
    private final CheckpointWriter checkpoints;

    private volatile boolean running;
    private Thread thread;

    // Owned by the sealer thread.
    private Connection connection;
    private boolean leader;
    private SealChain chain;
    private long lastPosition;
    private byte[] lastHash;
    private Gap gap;
    private long rangeFirst;
    private MerkleTree range;
    private long rangeEvents;
    private long rangeGaps;
    private boolean rangeHasNews;
    private long rangeOpenedAt;

    public Sealer(DataSource dataSource, AuditKey key, AuditProperties properties, CheckpointWriter checkpoints) {
        this.dataSource = dataSource;
        this.key = key;
        this.settings = properties.sealer();
        this.checkpointSettings = properties.checkpoints();
        this.checkpoints = checkpoints;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "custody-sealer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the processors and the data source it uses. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void run() {
        chain = new SealChain(key);
        while (running) {
            try {
                if (!leader) {
                    if (!becomeLeader()) {
                        pause(settings.pollInterval().toMillis() * 10);
                        continue;
                    }
                }
                int sealed = sealOnce();
                closeIfDue();
                if (sealed == 0) {
                    pause(settings.pollInterval().toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("sealer stopped sealing, retrying in 5 s: {}", e.toString());
                release();
                pause(5_000);
            }
        }
        release();
    }

    private boolean becomeLeader() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        leader = true;
        restore();
        log.info("sealing the event log on this instance (audit key {}), sealed through position {}", key.id(),
                lastPosition);
        return true;
    }

    /** Picks up where the last seal and the last checkpoint left off. */
    private void restore() throws SQLException {
        lastPosition = 0;
        lastHash = SealChain.GENESIS;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT global_index, hash FROM event_seal ORDER BY global_index DESC LIMIT 1")) {
            if (rs.next()) {
                lastPosition = rs.getLong(1);
                lastHash = rs.getBytes(2);
            }
        }
        gap = null;
        openRange(checkpoints.lastCovered().orElse(0) + 1);
        if (rangeFirst <= lastPosition) {
            List<Seal> pending = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT global_index, stream, sequence, content, hash FROM event_seal WHERE global_index >= ? "
                            + "ORDER BY global_index")) {
                ps.setLong(1, rangeFirst);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long sequence = rs.getLong(3);
                        pending.add(new Seal(rs.getLong(1), rs.getBytes(2), rs.wasNull() ? null : sequence,
                                rs.getBytes(4), rs.getBytes(5)));
                    }
                }
            }
            checkpoint(pending);
        }
    }

    /** Seals the next final positions; returns how many. */
    private int sealOnce() throws SQLException {
        // The horizon is read before the rows, so a transaction it shows as ended has its rows in the read.
        long xmin = horizon("pg_snapshot_xmin");
        List<StoredEvent> rows = EventRows.after(connection, lastPosition, settings.batchSize());
        List<Seal> seals = new ArrayList<>(rows.size());
        long next = lastPosition + 1;
        byte[] previous = lastHash;
        for (StoredEvent row : rows) {
            if (row.position() > next) {
                if (!permanentGap(next, row.position() - 1, xmin)) {
                    break;
                }
                for (long p = next; p < row.position(); p++) {
                    previous = chain.gap(previous, p);
                    seals.add(new Seal(p, null, null, null, previous));
                }
                gap = null;
            }
            byte[] content = chain.content(row);
            previous = chain.link(previous, row.position(), content);
            seals.add(new Seal(row.position(), row.stream(), row.sequence(), content, previous));
            next = row.position() + 1;
        }
        if (seals.isEmpty()) {
            return 0;
        }
        write(seals);
        Seal last = seals.get(seals.size() - 1);
        lastPosition = last.position();
        lastHash = last.hash();
        checkpoint(seals);
        return seals.size();
    }

    private boolean permanentGap(long first, long last, long xmin) throws SQLException {
        long now = System.nanoTime();
        if (gap == null || gap.first() != first) {
            gap = new Gap(first, now, horizon("pg_snapshot_xmax"));
            return false;
        }
        long age = now - gap.seenAt();
        if (age < settings.gapGrace().toNanos()) {
            return false;
        }
        if (xmin >= gap.xmaxWhenSeen()) {
            log.info("positions {}..{} were never committed: sealed as a permanent gap", first, last);
            return true;
        }
        if (age >= settings.gapTimeout().toNanos()) {
            log.warn("positions {}..{} still missing after {} while older transactions are open: sealed as a "
                    + "permanent gap; an event committed there later will verify as INSERTED", first, last,
                    settings.gapTimeout());
            return true;
        }
        return false;
    }

    private long horizon(String function) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + function + "(pg_current_snapshot())::text")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }

    /** Appends the seals with one binary COPY, in one transaction. */
    private void write(List<Seal> seals) throws SQLException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(seals.size() * 160);
        DataOutputStream out = new DataOutputStream(buffer);
        try {
            out.write(COPY_HEADER);
            for (Seal seal : seals) {
                out.writeShort(5);
                out.writeInt(Long.BYTES);
                out.writeLong(seal.position());
                field(out, seal.stream());
                if (seal.sequence() == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(Long.BYTES);
                    out.writeLong(seal.sequence());
                }
                field(out, seal.content());
                field(out, seal.hash());
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connection.setAutoCommit(false);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(buffer.toByteArray()));
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e instanceof SQLException s ? s : new SQLException("writing seals failed", e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private void openRange(long first) {
        rangeFirst = first;
        range = new MerkleTree();
        rangeEvents = 0;
        rangeGaps = 0;
        rangeHasNews = false;
        rangeOpenedAt = System.nanoTime();
    }

    /** Adds sealed positions to the open range; closes it with a checkpoint when it is full or old enough. */
    private void checkpoint(List<Seal> seals) {
        for (Seal seal : seals) {
            if (seal.position() < rangeFirst) {
                continue;
            }
            if (range.size() == 0) {
                rangeOpenedAt = System.nanoTime();
            }
            range.add(seal.hash());
            if (seal.content() == null) {
                rangeGaps++;
            } else {
                rangeEvents++;
                rangeHasNews |= !Arrays.equals(CHECKPOINT_STREAM, seal.stream());
            }
            if (range.size() >= checkpointSettings.every()) {
                close(seal.position(), seal.hash());
            }
        }
    }

    /**
     * Closes the open range on time, but only if it holds something besides checkpoints: otherwise an idle
     * log would gain a checkpoint of the previous checkpoint every interval, forever.
     */
    private void closeIfDue() {
        if (range.size() > 0 && rangeHasNews
                && System.nanoTime() - rangeOpenedAt >= checkpointSettings.interval().toNanos()) {
            close(lastPosition, lastHash);
        }
    }

    private void close(long lastInRange, byte[] hash) {
        HexFormat hex = HexFormat.of();
        checkpoints.append(new CheckpointRecorded(rangeFirst, lastInRange, rangeEvents, rangeGaps,
                hex.formatHex(range.root()), hex.formatHex(hash), SealChain.SCHEME));
        openRange(lastInRange + 1);
    }

    private void release() {
        leader = false;
        if (connection == null) {
            return;
        }
        // A pooled connection must not go back to the pool still holding the lock: evict it, which closes it.
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
            } else {
                connection.close();
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("closing the sealer's connection failed", e);
        }
        connection = null;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
