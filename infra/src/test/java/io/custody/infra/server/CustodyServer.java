package io.custody.infra.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The built server jar as a separate process, exactly as the README runs it (embedded PostgreSQL and
 * Elasticsearch), on a data directory the test owns so it can stop, kill and restart it.
 */
final class CustodyServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOOTSTRAP_LINE = Pattern.compile("Bootstrap admin token: (cst_\\S+)");

    private final Path jar;
    private final Path dataDir;
    private int port;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process process;
    private String bootstrapToken;
    private final Map<String, String> tokens = new HashMap<>();
    long lastStartMillis;

    CustodyServer(Path dataDir) throws IOException {
        this.jar = Path.of(System.getProperty("custody.jar", "target/custody.jar"));
        this.dataDir = dataDir;
        this.port = freePort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts the server and waits for it to be healthy. The HTTP port was free when chosen, but the server
     * picks free ports of its own for the embedded services at start, and one of them can be the same: then
     * it exits with "Port … was already in use", and it is started again on another port (seen once in CI).
     */
    CustodyServer start() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce();
            } catch (IllegalStateException e) {
                if (attempt == 3 || !e.getMessage().contains("Port " + port + " was already in use")) {
                    throw e;
                }
                port = freePort();
            }
        }
    }

    private CustodyServer startOnce() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        process = new ProcessBuilder(List.of("java", "-jar", jar.toString(), "--server.port=" + port,
                "--custody.data-dir=" + dataDir))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling("server.log").toFile()))
                .start();
        try {
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(200)).until(this::ready);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("server not healthy after 6 minutes:\n" + log(), e);
        }
        lastStartMillis = (System.nanoTime() - t0) / 1_000_000;
        readBootstrapToken();
        return this;
    }

    /** Whether readiness answers UP; fails at once if the process has exited. */
    private boolean ready() throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("server exited:\n" + log());
        }
        try {
            return client.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException starting) {
            return false; // not listening yet
        }
    }

    /** A graceful stop (SIGTERM), as a service manager does it. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** kill -9: no shutdown hook, no flush, nothing runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * The first start prints the bootstrap admin token (the server is ready only after it did); later starts
     * print none, and the first one's still holds.
     */
    private void readBootstrapToken() throws IOException {
        if (bootstrapToken != null) {
            return;
        }
        Matcher line = BOOTSTRAP_LINE.matcher(Files.readString(dataDir.resolveSibling("server.log")));
        if (!line.find()) {
            throw new IllegalStateException("no 'Bootstrap admin token:' line in the log:\n" + log());
        }
        bootstrapToken = line.group(1);
    }

    String bootstrapToken() {
        return bootstrapToken;
    }

    /** A token for {@code actor} with every role, created once with the bootstrap token. */
    String bearer(String actor) throws IOException, InterruptedException {
        String cached = tokens.get(actor);
        if (cached != null) {
            return cached;
        }
        String mutation = "mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }";
        Map<String, Object> input = Map.of("actor", actor, "roles", List.of("VIEWER", "DATA_SCIENTIST", "APPROVER",
                "DEPLOYER", "AUDITOR", "INGEST", "ADMIN"));
        JsonNode reply = JSON.readTree(send("/graphql", "application/json", JSON.writeValueAsString(
                Map.of("query", mutation, "variables", Map.of("i", input))), bootstrapToken).body());
        String secret = reply.at("/data/createApiToken/secret").asText(null);
        if (secret == null) {
            throw new IllegalStateException("createApiToken for " + actor + " failed: " + reply);
        }
        tokens.put(actor, secret);
        return secret;
    }

    JsonNode graphQl(String query) throws IOException, InterruptedException {
        return JSON.readTree(post("/graphql", "application/json", JSON.writeValueAsString(Map.of("query", query))).body());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return post(path, contentType, body, "it");
    }

    HttpResponse<String> post(String path, String contentType, String body, String actor)
            throws IOException, InterruptedException {
        return send(path, contentType, body, bearer(actor));
    }

    /** A POST without credentials. */
    HttpResponse<String> postAnonymously(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String path, String contentType, String body, String bearer)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String log() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolveSibling("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
