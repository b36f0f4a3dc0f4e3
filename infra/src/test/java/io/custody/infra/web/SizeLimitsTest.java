package io.custody.infra.web;

import io.custody.infra.support.FreshServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request and event size limits, on a server configured with small ones so the tests send kilobytes:
 * each answers with the limit's property named, and stores nothing of the request.
 */
class SizeLimitsTest {

    private static final int MAX_REQUEST = 64 * 1024;
    private static final int MAX_EVENT = 8 * 1024;

    // Security off: these limits hold before authentication, and the tests need no token to show it.
    @AutoClose
    private static final FreshServer server = FreshServer.start(Map.of("custody.security.enabled", "false",
            "custody.http.max-request-size", MAX_REQUEST + "B", "custody.event-store.max-event-size", MAX_EVENT + "B"));

    private static WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl(server.baseUrl()).responseTimeout(Duration.ofSeconds(60)).build();
    }

    /** A JSON array of registrations, {@code bytes} long or a little more. */
    private static String eventsOf(int bytes, String name) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; body.length() < bytes; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"RegisterDataset\",\"clientEventId\":\"").append(name)
                    .append('-').append(i).append("\",\"payload\":{\"name\":\"").append(name).append(i)
                    .append("\",\"owner\":\"risk-data\",\"description\":\"").append("d".repeat(500)).append("\"}}");
        }
        return body.append(']').toString();
    }

    private static long stored(String name) {
        return server.jdbc().queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier "
                + "LIKE ?", Long.class, "dataset:" + name + "%");
    }

    private static Flux<DataBuffer> chunked(String body) {
        // A body from a publisher is sent chunked, without a Content-Length.
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return Flux.range(0, (bytes.length + 8191) / 8192).map(i -> DefaultDataBufferFactory.sharedInstance
                .wrap(ByteBuffer.wrap(bytes, i * 8192, Math.min(8192, bytes.length - i * 8192))));
    }

    @Test
    void a_body_declared_larger_than_the_limit_is_refused_with_413_naming_it() {
        String name = "limits/declared-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        http().post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(eventsOf(MAX_REQUEST + 1, name))
                .exchange().expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("BAD_REQUEST")
                .jsonPath("$.field").isEqualTo("custody.http.max-request-size")
                .jsonPath("$.message").value(m -> assertThat((String) m).contains(String.valueOf(MAX_REQUEST)));
        assertThat(stored(name)).isZero();
    }

    @Test
    void a_chunked_body_that_grows_past_the_limit_is_refused_with_413_and_stores_nothing() {
        String name = "limits/chunked-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        http().post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .body(chunked(eventsOf(2 * MAX_REQUEST, name)), DataBuffer.class)
                .exchange().expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.field").isEqualTo("custody.http.max-request-size");
        assertThat(stored(name)).isZero();
    }

    @Test
    void a_chunked_graphql_request_past_the_limit_is_refused_with_413() {
        String query = "{\"query\":\"{ __typename }\",\"padding\":\"" + "p".repeat(2 * MAX_REQUEST) + "\"}";
        http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .body(chunked(query), DataBuffer.class)
                .exchange().expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.field").isEqualTo("custody.http.max-request-size");
    }

    @Test
    void a_body_within_the_limit_is_taken() {
        String name = "limits/within-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        http().post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .body(chunked(eventsOf(MAX_REQUEST / 2, name)), DataBuffer.class)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.rejected").isEqualTo(0);
        assertThat(stored(name)).isPositive();
    }

    @Test
    void an_event_larger_than_the_store_takes_is_refused_naming_the_limit_and_nothing_is_stored() {
        String name = "limits/event-" + UUID.randomUUID().toString().substring(0, 8);
        server.graphQl().document("mutation($n: String!, $d: String!) { registerDataset(input: {name: $n, "
                        + "owner: \"risk-data\", description: $d}) { dataset { name } } }")
                .variable("n", name).variable("d", "d".repeat(MAX_EVENT + 1))
                .execute().errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_REQUEST")
                            .containsEntry("field", "custody.event-store.max-event-size");
                });
        assertThat(stored(name)).isZero();
        http().get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void an_oversized_report_in_a_lineage_batch_is_rejected_alone_and_the_others_are_stored() {
        String big = lineageStart(UUID.randomUUID(), "\"runFacet\": {\"_producer\": \"https://example.com\", "
                + "\"_schemaURL\": \"https://example.com/schema\", \"blob\": \"" + "b".repeat(MAX_EVENT) + "\"}");
        UUID small = UUID.randomUUID();
        http().post().uri("/api/v1/lineage/batch").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + big + "," + lineageStart(small, "") + "]").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.accepted").isEqualTo(1)
                .jsonPath("$.items[0].status").isEqualTo("REJECTED")
                .jsonPath("$.items[0].field").isEqualTo("custody.event-store.max-event-size")
                .jsonPath("$.items[1].status").isEqualTo("ACCEPTED");
        assertThat(server.jdbc().queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier "
                + "= ?", Long.class, "jobrun:" + small)).isOne();
    }

    private static String lineageStart(UUID run, String runFacets) {
        return """
                {"eventType": "START", "eventTime": "2026-01-15T08:00:00Z", "producer": "https://airflow.example.com",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "%s", "facets": {%s}}, "job": {"namespace": "airflow-limits", "name": "build"}}
                """.formatted(run, runFacets);
    }
}
