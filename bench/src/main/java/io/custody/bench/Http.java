package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Minimal JSON-over-HTTP client for the benchmarks. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ServerProcess server;

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
        return client.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", contentType)
                .header("X-Custody-Actor", actor).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(client.send(HttpRequest.newBuilder(server.uri(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    URI uri(String path) {
        return server.uri(path);
    }
}
