package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Minimal JSON-over-HTTP client for the benchmarks. Each actor sends its own API token, created once with
 * the server's bootstrap token; with authentication off, the actor names itself in X-Custody-Actor.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_ROLES = List.of("VIEWER", "DATA_SCIENTIST", "APPROVER", "DEPLOYER",
            "AUDITOR", "INGEST", "ADMIN");
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ServerProcess server;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Http(ServerProcess server) {
        this.server = server;
    }

    JsonNode graphQl(String actor, String query, Map<String, Object> variables) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
        JsonNode reply = JSON.readTree(post("/graphql", "application/json", actor, body).body());
        if (reply.has("errors")) {
            throw new IllegalStateException("GraphQL error: " + reply.get("errors"));
        }
        return reply.get("data");
    }

    HttpResponse<String> post(String path, String contentType, String actor, String body)
            throws IOException, InterruptedException {
        return post(path, contentType, actor, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String contentType, String actor, byte[] body)
            throws IOException, InterruptedException {
        return client.send(as(actor, HttpRequest.newBuilder(server.uri(path))).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(client.send(authorized(HttpRequest.newBuilder(server.uri(path))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The request with the bootstrap (admin) token, for reads that name no actor. */
    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return server.bootstrapToken() == null ? request
                : request.header("Authorization", "Bearer " + server.bootstrapToken());
    }

    /** The request as {@code actor}: its own token, or with authentication off, the actor header. */
    private HttpRequest.Builder as(String actor, HttpRequest.Builder request) throws IOException, InterruptedException {
        if (server.bootstrapToken() == null) {
            return request.header("X-Custody-Actor", actor);
        }
        String token = tokens.get(actor);
        if (token == null) {
            token = createToken(actor);
            tokens.put(actor, token);
        }
        return request.header("Authorization", "Bearer " + token);
    }

    private String createToken(String actor) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("query",
                "mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }",
                "variables", Map.of("i", Map.of("actor", actor, "roles", ALL_ROLES, "description", "benchmark"))));
        JsonNode reply = JSON.readTree(client.send(authorized(HttpRequest.newBuilder(server.uri("/graphql")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String secret = reply.at("/data/createApiToken/secret").asText(null);
        if (secret == null) {
            throw new IllegalStateException("createApiToken for " + actor + " failed: " + reply);
        }
        return secret;
    }

    URI uri(String path) {
        return server.uri(path);
    }
}
