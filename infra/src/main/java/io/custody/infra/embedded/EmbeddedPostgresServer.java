package io.custody.infra.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A PostgreSQL server run from binaries shipped in a Maven artifact, keeping its data in a given directory. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, false);
    }

    /**
     * @param statementStatistics load {@code pg_stat_statements} (shipped with the binaries); its view appears
     *                            once {@code CREATE EXTENSION pg_stat_statements} has run in the database
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean statementStatistics) {
        try {
            Files.createDirectories(dataDir.getParent());
            stopOrphan(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Its own JVM hook would stop PostgreSQL before the application has released its
                    // connections and token claims; the Spring context closes it last instead.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
            if (statementStatistics) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            if (port > 0) {
                builder.setPort(port);
            }
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir, e);
        }
    }

    /**
     * PostgreSQL runs as a child process; if the JVM was killed (kill -9, OOM killer) it outlives us and
     * keeps the data directory locked. Stop it the way pg_ctl would (SIGTERM is a "smart" shutdown that
     * loses nothing committed) before starting again.
     */
    private static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        try {
            ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive).ifPresent(orphan -> {
                orphan.destroy();
                try {
                    orphan.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("PostgreSQL left running by a previous process (pid "
                            + orphan.pid() + ") did not stop", e);
                }
            });
        } catch (NumberFormatException e) {
            // Not a pid file PostgreSQL wrote; let PostgreSQL itself judge it.
        }
    }

    /**
     * The port of a PostgreSQL already running on {@code dataDir} (a live server's), from its
     * {@code postmaster.pid}: a command-line tool connects to it instead of starting, or stopping, its own.
     */
    public static java.util.OptionalInt runningPort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return java.util.OptionalInt.empty();
            }
            java.util.List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4 || ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .filter(ProcessHandle::isAlive).isEmpty()) {
                return java.util.OptionalInt.empty();
            }
            return java.util.OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
    }

    public String jdbcUrl() {
        // Batched inserts are rewritten into multi-row INSERTs: the event store appends whole batches.
        String url = postgres.getJdbcUrl("postgres", "postgres");
        return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /** Spring Boot's connection details for an embedded server: the superuser, trust authentication. */
    public static JdbcConnectionDetails connectionDetails(String jdbcUrl) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return null;
            }

            @Override
            public String getJdbcUrl() {
                return jdbcUrl;
            }
        };
    }
}
