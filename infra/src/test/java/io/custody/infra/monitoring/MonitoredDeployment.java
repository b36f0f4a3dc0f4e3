package io.custody.infra.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.ingest.ChainAccess;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A production deployment of the test chain, its monitor and predictions sent through the real HTTP ingest:
 * how the monitoring tests and the alert webhook test drive windows and drift. It runs against whichever
 * server the test has, through the clients it is given.
 */
public final class MonitoredDeployment {

    private final Function<String, WebTestClient> http;
    private final Supplier<GraphQlTester> graphQl;
    private final ObjectMapper json;
    private final String suffix;

    /**
     * @param http    plain HTTP acting as the given actor, holding every role
     * @param graphQl GraphQL as an actor holding every role
     * @param suffix  names the chain: its service is {@link ChainAccess#service}
     */
    public MonitoredDeployment(Function<String, WebTestClient> http, Supplier<GraphQlTester> graphQl,
                               ObjectMapper json, String suffix) {
        this.http = http;
        this.graphQl = graphQl;
        this.json = json;
        this.suffix = suffix;
    }

    public String service() {
        return ChainAccess.service(suffix);
    }

    /** The deployment's chain, deployed now; answers the first whole hour after it, where windows start. */
    public Instant deployed() throws Exception {
        // The approver is not the trainer.
        List<String> actors = List.of("alice", "bob", "alice");
        List<List<Map<String, Object>>> chain = ChainAccess.deployedChain(suffix);
        for (int i = 0; i < chain.size(); i++) {
            JsonNode reply = post(actors.get(i), "/api/v1/events", MediaType.APPLICATION_JSON,
                    json.writeValueAsString(chain.get(i)));
            assertThat(reply.get("rejected").asInt()).as(reply.toString()).isZero();
        }
        return Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    }

    /** POSTs {@code body} to {@code path} as alice and answers the reply's JSON (status 200 expected). */
    public JsonNode post(String path, MediaType type, String body) throws Exception {
        return post("alice", path, type, body);
    }

    private JsonNode post(String actor, String path, MediaType type, String body) throws Exception {
        byte[] reply = http.apply(actor).mutate().responseTimeout(Duration.ofSeconds(60)).build().post().uri(path)
                .contentType(type).bodyValue(body).exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody();
        return json.readTree(reply);
    }

    public void createMonitor(String features, Instant referenceFrom, Instant referenceTo, String window,
                              String extra) {
        graphQl.get().document("mutation { createMonitor(input: {environment: \"production\", service: \""
                        + service() + "\", features: " + features + ", baseline: {referenceFrom: \"" + referenceFrom
                        + "\", referenceTo: \"" + referenceTo + "\"}, window: \"" + window + "\"" + extra
                        + "}) { receipt { changed } monitor { window paused } } }")
                .execute().path("createMonitor.receipt.changed").entity(Boolean.class).isEqualTo(true)
                .path("createMonitor.monitor.window").entity(String.class).isEqualTo(window);
    }

    /** Sends {@code count} predictions spread over [{@code from}, {@code from + span}), built by {@code line}. */
    public void predictions(String prefix, Instant from, Duration span, int count, IntFunction<String> body)
            throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Instant at = from.plusMillis(span.toMillis() * i / count);
            lines.append("{\"requestId\":\"").append(prefix).append('-').append(String.format("%06d", i))
                    .append("\",\"time\":\"").append(at).append("\",").append(body.apply(i)).append("}\n");
        }
        JsonNode reply = post("/api/v1/predictions?environment=production&service=" + service(),
                MediaType.parseMediaType("application/x-ndjson"), lines.toString());
        assertThat(reply.get("accepted").asInt()).as(reply.toString()).isEqualTo(count);
    }

    /**
     * A monitor on income with 10-minute windows from {@code base}: a reference window, a shifted one, and one
     * that closes it. The shifted window [{@code base + 10 min}, {@code base + 20 min}) raises drift on income.
     */
    public void drifted(Instant base) throws Exception {
        Duration window = Duration.ofMinutes(10);
        createMonitor("[\"income\"]", base, base.plus(window), "PT10M", "");
        Random random = new Random(3);
        for (int w = 0; w < 3; w++) {
            double mean = w >= 1 ? 90_000 : 50_000;
            predictions("s" + w, base.plus(window.multipliedBy(w)), window, 1000, i -> "\"features\":{\"income\":"
                    + (mean + random.nextGaussian() * 10_000) + "},\"output\":0.5");
        }
    }
}
