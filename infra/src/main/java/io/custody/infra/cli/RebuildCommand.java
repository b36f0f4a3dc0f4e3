package io.custody.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rebuild <read-model> [--server=http://localhost:8080] [--token-file=path]}: asks the running server to rebuild a read
 * model and follows the rebuild until it completes. It goes through the server because the switch-over
 * stops and restarts the server's own processor; a second process would be a second set of processors.
 * Exit code 0 when the rebuilt model is live, 1 when the rebuild failed, 2 when it could not start.
 */
final class RebuildCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RebuildCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String server = "http://localhost:8080";
        String actor = "custody-cli";
        String token = System.getenv("CUSTODY_TOKEN");
        List<String> names = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--server=")) {
                server = arg.substring("--server=".length());
            } else if (arg.startsWith("--read-model=")) {
                names.add(arg.substring("--read-model=".length()));
            } else if (arg.startsWith("--token-file=")) {
                try {
                    token = Files.readString(Path.of(arg.substring("--token-file=".length()))).trim();
                } catch (IOException e) {
                    err.println("rebuild: cannot read " + arg + ": " + e.getMessage());
                    return 2;
                }
            } else if (arg.startsWith("--actor=")) {
                actor = arg.substring("--actor=".length());
            } else if (!arg.startsWith("--")) {
                names.add(arg);
            }
        }
        // From the environment or a file, never an argument: arguments show in every process listing.
        Client client = new Client(server.replaceAll("/+$", ""), actor, token);
        try {
            if (names.size() != 1) {
                err.println("usage: rebuild <read-model> [--server=http://localhost:8080]; read models: "
                        + client.readModels());
                return 2;
            }
            JsonNode started = client.call("mutation($n: String!) { rebuildReadModel(name: $n) { id } }",
                    Map.of("n", names.get(0))).path("rebuildReadModel");
            String id = started.path("id").asText();
            out.printf("rebuilding %s (rebuild %s) on %s%n", names.get(0), id, server);
            String lastState = "";
            long lastPrint = 0;
            while (true) {
                JsonNode s = client.call("query($id: ID!) { rebuild(id: $id) { state position targetPosition "
                        + "eventsPerSecond rebuiltInto retiredTo error } }", Map.of("id", id)).path("rebuild");
                String state = s.path("state").asText();
                if (!state.equals(lastState) || System.nanoTime() - lastPrint > 5_000_000_000L) {
                    out.printf("  %-11s position %,d of %,d, %,.0f events/s%n", state, s.path("position").asLong(),
                            s.path("targetPosition").asLong(), s.path("eventsPerSecond").asDouble());
                    lastState = state;
                    lastPrint = System.nanoTime();
                }
                if (state.equals("COMPLETED")) {
                    out.printf("done: %s is live; the previous generation is kept in %s until the next rebuild%n",
                            s.path("rebuiltInto").asText(), s.path("retiredTo").asText());
                    return 0;
                }
                if (state.equals("FAILED")) {
                    err.println("rebuild failed: " + s.path("error").asText());
                    return 1;
                }
                Thread.sleep(1_000);
            }
        } catch (IOException | IllegalStateException e) {
            err.println("rebuild: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private record Client(String server, String actor, String token) {

        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<String> readModels() throws IOException, InterruptedException {
            List<String> out = new ArrayList<>();
            call("{ readModels { name } }", Map.of()).path("readModels").forEach(m -> out.add(m.path("name").asText()));
            return out;
        }

        JsonNode call(String query, Map<String, Object> variables) throws IOException, InterruptedException {
            byte[] body = JSON.writeValueAsBytes(Map.of("query", query, "variables", variables));
            HttpResponse<byte[]> response;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + "/graphql"))
                        .header("Content-Type", "application/json").header("X-Custody-Actor", actor)
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (token != null && !token.isBlank()) {
                    request.header("Authorization", "Bearer " + token.trim());
                }
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.net.ConnectException e) {
                throw new IOException("no Custody server at " + server + " (start it, or pass --server=...)", e);
            }
            if (response.statusCode() == 401) {
                throw new IOException(server + " requires a bearer token: set CUSTODY_TOKEN (or --token-file) to an admin's token");
            }
            if (response.statusCode() != 200) {
                throw new IOException(server + " answered HTTP " + response.statusCode());
            }
            JsonNode reply = JSON.readTree(response.body());
            if (reply.has("errors") && !reply.get("errors").isEmpty()) {
                throw new IllegalStateException(reply.get("errors").get(0).path("message").asText());
            }
            return reply.path("data");
        }
    }
}
