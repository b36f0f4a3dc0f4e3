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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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

    /** A new, empty database on the shared server; each application under test gets its own. */
    public static String newDatabase() {
        Postgres pg = postgres();
        String name = "custody_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + pg, e);
        }
        return pg.url(name);
    }

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
