package io.custody.infra.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.ingest.ChainAccess;
import io.custody.infra.support.IntegrationTest;
import io.custody.query.monitoring.MonitoringRepository;
import io.custody.values.Role;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Monitoring end to end: predictions and outcomes sent over HTTP ingest, windows closed by their event time,
 * alerts raised by the command side's detection and read back from the read model.
 */
class MonitoringTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    ObjectMapper json;

    @Autowired
    MonitoringRepository monitoring;

    @Autowired
    JdbcTemplate jdbc;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String service = ChainAccess.service(suffix);
    private final MonitoredDeployment deployment = new MonitoredDeployment(this::http, this::graphQl,
            new ObjectMapper(), suffix);

    private Instant deployed() throws Exception {
        return deployment.deployed();
    }

    private JsonNode post(String path, MediaType type, String body) throws Exception {
        return deployment.post(path, type, body);
    }

    private void createMonitor(String features, Instant referenceFrom, Instant referenceTo, String window,
                               String extra) {
        deployment.createMonitor(features, referenceFrom, referenceTo, window, extra);
    }

    private void predictions(String prefix, Instant from, Duration span, int count, IntFunction<String> body)
            throws Exception {
        deployment.predictions(prefix, from, span, count, body);
    }

    private List<JsonNode> alerts() {
        JsonNode all = json.valueToTree(graphQl().document("{ alerts(environment: \"production\", first: 500) { nodes { "
                + "alert service kind feature statistic value threshold windowStart state resolvedBy } } }").execute()
                .path("alerts.nodes").entity(Object.class).get());
        List<JsonNode> mine = new ArrayList<>();
        all.forEach(a -> {
            if (a.get("service").asText().equals(service)) {
                mine.add(a);
            }
        });
        return mine;
    }

    /** A DateTime as the API writes it (seconds left out when zero). */
    private static Instant instant(JsonNode value) {
        return java.time.OffsetDateTime.parse(value.asText()).toInstant();
    }

    private int closedWindows() {
        return monitoring.statistics("production", service).size();
    }

    @Test
    void a_shift_in_one_feature_raises_drift_on_exactly_that_feature_in_the_window_where_it_begins() throws Exception {
        Instant base = deployed();
        Duration window = Duration.ofMinutes(10);
        createMonitor("[\"income\", \"region\"]", base, base.plus(window.multipliedBy(2)), "PT10M", "");
        Random random = new Random(42);
        String[] regions = {"north", "south", "east"};
        int shiftFrom = 5;
        for (int w = 0; w < 8; w++) {
            double mean = w >= shiftFrom ? 70_000 : 50_000;
            predictions("w" + w, base.plus(window.multipliedBy(w)), window, 1000, i -> "\"features\":{\"income\":"
                    + (mean + random.nextGaussian() * 10_000) + ",\"region\":\"" + regions[random.nextInt(3)]
                    + "\"},\"output\":{\"score\":" + random.nextDouble() + "}");
        }
        // Windows 2..6 close (window 7's predictions pass each one's end plus the 2 minute allowance).
        await().atMost(WAIT).until(() -> closedWindows() >= 7);
        await().atMost(WAIT).until(() -> !alerts().isEmpty());
        List<JsonNode> alerts = alerts();
        assertThat(alerts).extracting(a -> a.get("feature").asText()).containsOnly("income");
        assertThat(alerts).extracting(a -> a.get("kind").asText()).containsOnly("DRIFT");
        assertThat(alerts).extracting(a -> instant(a.get("windowStart")))
                .containsOnly(base.plus(window.multipliedBy(shiftFrom)));
        assertThat(alerts).extracting(a -> a.get("statistic").asText()).contains("PSI", "KS");

        // The read model rebuilt from the log holds the same statistics, window by window.
        List<String> before = monitoring.statistics("production", service);
        assertThat(before).hasSize(7);
        String id = graphQl().document("mutation { rebuildReadModel(name: \"monitoring-read-model\") { id } }").execute()
                .path("rebuildReadModel.id").entity(String.class).get();
        await().atMost(Duration.ofSeconds(120)).until(() -> graphQl().document("query($id: ID!) { rebuild(id: $id) "
                + "{ state } }").variable("id", id).execute().path("rebuild.state").entity(String.class).get(),
                s -> s.equals("COMPLETED") || s.equals("FAILED"));
        assertThat(monitoring.statistics("production", service)).isEqualTo(before);
    }

    /** The sketches of this deployment's batch events, in log order (a JSON null where an event has none). */
    private List<JsonNode> sketchesInTheLog() throws Exception {
        List<JsonNode> sketches = new ArrayList<>();
        for (String payload : jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE payload_type = 'io.custody.events.prediction.PredictionsRecorded' "
                + "AND convert_from(payload, 'UTF8')::jsonb ->> 'service' = ? ORDER BY global_index", String.class,
                service)) {
            sketches.add(json.readTree(payload).path("sketches"));
        }
        return sketches;
    }

    @Test
    void ingest_sketches_only_the_features_the_monitor_watches_and_nothing_without_a_monitor() throws Exception {
        Instant base = deployed();
        IntFunction<String> line = i -> "\"features\":{\"income\":" + (50_000 + i) + ",\"age\":" + (30 + i % 40)
                + "},\"output\":{\"score\":0.5}";
        predictions("unwatched", base, Duration.ofMinutes(1), 20, line);
        createMonitor("[\"income\"]", base, base.plus(Duration.ofMinutes(20)), "PT10M", "");
        predictions("watched", base.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1), 20, line);

        List<JsonNode> sketches = sketchesInTheLog();
        assertThat(sketches).hasSize(2);
        assertThat(sketches.get(0).isNull() || sketches.get(0).isMissingNode()).as(sketches.get(0).toString()).isTrue();
        JsonNode bucket = sketches.get(1).get(0);
        assertThat(bucket.get("features")).extracting(f -> f.get("name").asText()).containsExactly("income");
        assertThat(bucket.get("features").get(0).get("count").asLong()).isEqualTo(20);
        assertThat(bucket.get("outputs")).extracting(f -> f.get("name").asText()).containsExactly("output.score");
    }

    @Test
    void a_stable_distribution_raises_no_alert_over_fifty_windows() throws Exception {
        Instant base = deployed();
        Duration window = Duration.ofMinutes(1);
        createMonitor("[\"income\", \"region\"]", base, base.plus(window.multipliedBy(5)), "PT1M", "");
        Random random = new Random(7);
        String[] regions = {"north", "south", "east"};
        // 5 reference windows, then 55: the last three stay open (2 minutes' lateness), 52 are judged.
        for (int w = 0; w < 60; w += 8) {
            int windows = Math.min(8, 60 - w);
            predictions("w" + w, base.plus(window.multipliedBy(w)), window.multipliedBy(windows), 1000 * windows,
                    i -> "\"features\":{\"income\":" + (50_000 + random.nextGaussian() * 10_000) + ",\"region\":\""
                            + regions[random.nextInt(3)] + "\"},\"output\":{\"score\":" + random.nextDouble() + "}");
        }
        await().atMost(WAIT).until(() -> closedWindows() >= 57);
        assertThat(alerts()).isEmpty();
        assertThat(monitoring.statistics("production", service).get(54)).contains("KS");
    }

    @Test
    void outcomes_that_degrade_raise_performance_degraded_and_recovering_raises_monitor_recovered() throws Exception {
        Instant base = deployed();
        Duration window = Duration.ofMinutes(10);
        // Validation recorded AUC 0.8 for the version; more than 0.1 below it alerts.
        createMonitor("[]", base, base.plus(window), "PT10M",
                ", thresholds: [{statistic: AUC, value: 0.1}], performance: {task: CLASSIFICATION}");
        Random random = new Random(11);
        for (int w = 0; w < 6; w++) {
            boolean degraded = w == 2 || w == 3;
            double[] scores = new double[400];
            StringBuilder outcomes = new StringBuilder();
            for (int i = 0; i < scores.length; i++) {
                scores[i] = random.nextDouble();
                boolean label = degraded ? random.nextBoolean() : scores[i] > 0.5;
                outcomes.append("{\"requestId\":\"p").append(w).append('-').append(String.format("%06d", i))
                        .append("\",\"time\":\"").append(base.plus(window.multipliedBy(w)).plusSeconds(i))
                        .append("\",\"outcome\":").append(label ? 1 : 0).append("}\n");
            }
            predictions("p" + w, base.plus(window.multipliedBy(w)), Duration.ofSeconds(400), scores.length,
                    i -> "\"featuresDigest\":\"sha256:" + "a".repeat(64) + "\",\"output\":{\"score\":" + scores[i] + "}");
            JsonNode reply = post("/api/v1/outcomes?environment=production&service=" + service,
                    MediaType.parseMediaType("application/x-ndjson"), outcomes.toString());
            assertThat(reply.get("accepted").asInt()).as(reply.toString()).isEqualTo(scores.length);
        }
        await().atMost(WAIT).until(() -> alerts().stream().anyMatch(a -> a.get("state").asText().equals("RESOLVED")));
        List<JsonNode> alerts = alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("kind").asText()).isEqualTo("PERFORMANCE");
        assertThat(alerts.get(0).get("statistic").asText()).isEqualTo("AUC");
        assertThat(instant(alerts.get(0).get("windowStart"))).isEqualTo(base.plus(window.multipliedBy(2)));
        assertThat(alerts.get(0).get("resolvedBy").asText()).isEqualTo("custody:monitoring");
    }

    /** What a graphql-transport-ws client sends to authenticate: the bearer token in connection_init. */
    private static WebSocketGraphQlClientInterceptor bearerInInit(String token) {
        return new WebSocketGraphQlClientInterceptor() {
            @Override
            public Mono<Object> connectionInitPayload() {
                return Mono.just(Map.of("Authorization", "Bearer " + token));
            }
        };
    }

    @Test
    void a_graphql_transport_ws_client_receives_the_alert_and_its_acknowledgement() throws Exception {
        Instant base = deployed();
        WebSocketGraphQlClient client = WebSocketGraphQlClient.builder("ws://localhost:" + port + "/graphql-ws",
                new StandardWebSocketClient()).interceptor(bearerInInit(bearer("watcher", Role.VIEWER))).build();
        client.start().block(Duration.ofSeconds(30));
        List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
        Disposable subscription = client.document("subscription { alerts(environment: \"production\") { alert service "
                        + "feature state acknowledgedBy } }").retrieveSubscription("alerts").toEntity(Map.class)
                .filter(a -> service.equals(a.get("service"))).subscribe(a -> received.add(a));
        try {
            deployment.drifted(base);
            await().atMost(WAIT).until(() -> !received.isEmpty());
            assertThat(received.get(0)).containsEntry("feature", "income").containsEntry("state", "OPEN");
            String alert = (String) received.get(0).get("alert");

            graphQl("carol").document("mutation($a: String!) { acknowledgeAlert(input: {alert: $a, comment: \"on it\"}) "
                    + "{ alert { state acknowledgedBy acknowledgeComment } } }").variable("a", alert).execute()
                    .path("acknowledgeAlert.alert.state").entity(String.class).isEqualTo("ACKNOWLEDGED")
                    .path("acknowledgeAlert.alert.acknowledgedBy").entity(String.class).isEqualTo("carol");
            await().atMost(WAIT).until(() -> received.stream().anyMatch(a -> "ACKNOWLEDGED".equals(a.get("state"))));
            graphQl("carol").document("mutation($a: String!) { resolveAlert(input: {alert: $a}) { alert { state } } }")
                    .variable("a", alert).execute().path("resolveAlert.alert.state").entity(String.class)
                    .isEqualTo("RESOLVED");
            graphQl("carol").document("mutation($a: String!) { acknowledgeAlert(input: {alert: $a}) { alert { state } } }")
                    .variable("a", alert).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                            .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "CONFLICT")));
        } finally {
            subscription.dispose();
            client.stop().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_graphql_transport_ws_client_without_a_token_is_refused() throws Exception {
        // A raw client that sends only connection_init, so the server's close frame is all it can receive: a client
        // that also sends its subscription may see the socket drop (1006) while writing, before that frame.
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        List<CharSequence> received = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://localhost:" + port + "/graphql-ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        received.add(data);
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"connection_init\"}", true);
        assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo(4401);
        assertThat(received).noneMatch(m -> m.toString().contains("connection_ack"));
    }
}
