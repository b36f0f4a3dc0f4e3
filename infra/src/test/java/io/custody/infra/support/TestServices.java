package io.custody.infra.support;

import io.custody.infra.embedded.EmbeddedElasticsearch;
import io.custody.infra.embedded.EmbeddedPostgresServer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real services integration tests run against, started once per JVM and shared by all test
 * classes. PostgreSQL: a Testcontainers container when a Docker engine is available; otherwise the
 * machine's server at 127.0.0.1:5432 (a fresh database per run); otherwise an embedded server. The
 * search node always runs in-process.
 */
public final class TestServices {

    private static Postgres postgres;
    private static EmbeddedElasticsearch elasticsearch;

    private TestServices() {
    }

    /** Connection facts for a PostgreSQL server and the kind it is. */
    public record Postgres(String kind, String host, int port, String user, String password) {

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?reWriteBatchedInserts=true";
        }
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = startPostgres();
        }
        return postgres;
    }

    public static synchronized EmbeddedElasticsearch elasticsearch() {
        if (elasticsearch == null) {
            try {
                Path dir = Files.createTempDirectory("custody-test-es");
                elasticsearch = EmbeddedElasticsearch.start(dir, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(elasticsearch::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return elasticsearch;
    }

    private static final long STALE_AFTER_SECONDS = 6 * 3600;
    private static volatile boolean swept;

    /**
     * A new, empty database on the shared server; each application under test gets its own. Its name
     * carries its creation time, so later runs can drop the ones earlier runs left behind on a machine's
     * long-lived PostgreSQL.
     */
    public static String newDatabase() {
        Postgres pg = postgres();
        String name = "custody_test_" + Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            if (!swept) {
                swept = true;
                dropStale(s);
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + pg, e);
        }
        return pg.url(name);
    }

    /**
     * Drops test databases older than {@link #STALE_AFTER_SECONDS} (and those of the earlier naming, which
     * had no time) that nobody is connected to. A run in progress is never older than that, and a
     * database in use refuses the drop, which is then left for a later run.
     */
    private static void dropStale(Statement s) throws SQLException {
        List<String> stale = new ArrayList<>();
        long cutoff = Instant.now().getEpochSecond() - STALE_AFTER_SECONDS;
        try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'custody\\_test\\_%'")) {
            while (rs.next()) {
                String db = rs.getString(1);
                Matcher timed = TIMED.matcher(db);
                if (timed.matches() ? Long.parseLong(timed.group(1)) < cutoff : LEGACY.matcher(db).matches()) {
                    stale.add(db);
                }
            }
        }
        for (String db : stale) {
            try {
                s.execute("DROP DATABASE IF EXISTS " + db);
            } catch (SQLException inUse) {
                System.err.println("left test database " + db + " in place: " + inUse.getMessage());
            }
        }
    }

    private static final Pattern TIMED = Pattern.compile("custody_test_(\\d{10})_[0-9a-f]{8}");
    private static final Pattern LEGACY = Pattern.compile("custody_test_[0-9a-f]{12}");

    /** The origin named in {@code custody.security.allowed-origins}. */
    public static final String CORS_ORIGIN = "https://notebook.example.com";

    /** Spring properties pointing the application at a fresh database and the shared search node. */
    public static Map<String, Object> applicationProperties(String jdbcUrl, String searchIndex) {
        Postgres pg = postgres();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("custody.embedded.enabled", "false");
        props.put("spring.datasource.url", jdbcUrl);
        props.put("spring.datasource.username", pg.user());
        props.put("spring.datasource.password", pg.password() == null ? "" : pg.password());
        props.put("spring.elasticsearch.uris", elasticsearch().httpUri());
        props.put("custody.search.index", searchIndex);
        // Outside the embedded default the audit key must be given; one per database, as in production.
        props.put("custody.audit.key", newAuditKey());
        // The one origin whose browser pages may call the test servers (CorsTest); every other is refused.
        props.put("custody.security.allowed-origins", CORS_ORIGIN);
        return props;
    }

    /**
     * The properties as command-line arguments. Not as SpringApplicationBuilder.properties(...): those are
     * defaults, which application.yml overrides (server.port, custody.embedded.enabled).
     */
    public static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** A fresh random audit key, base64. */
    public static String newAuditKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private static Postgres startPostgres() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Postgres("testcontainers", container.getHost(), container.getFirstMappedPort(),
                    container.getUsername(), container.getPassword());
        }
        if (reachable("127.0.0.1", 5432)) {
            return new Postgres("local", "127.0.0.1", 5432, "postgres", null);
        }
        try {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Files.createTempDirectory("custody-test-pg")
                    .resolve("data"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return new Postgres("embedded", "localhost", server.port(), "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
