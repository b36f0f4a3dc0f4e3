package io.custody.infra.web;

import io.custody.command.api.CallerHeaders;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Caller headers the read models could not hold are refused before anything is stored, on every API. */
class CallerHeadersTest extends IntegrationTest {

    private static final String REGISTER = "mutation($n: String!) { registerDataset(input: {name: $n, "
            + "owner: \"risk-data\"}) { dataset { name } } }";

    @Autowired
    JdbcTemplate jdbc;

    private WebTestClient.ResponseSpec register(String name, String header, String value) {
        // A mutation waits for the read models (read-your-writes): longer than the client's default on a busy machine.
        return http().mutate().responseTimeout(Duration.ofSeconds(60)).build().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).header(header, value)
                .bodyValue(Map.of("query", REGISTER, "variables", Map.of("n", name))).exchange();
    }

    private long storedEvents(String name) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, "dataset:" + name);
    }

    @Test
    void a_mutation_with_a_300_character_source_is_refused_naming_the_header_and_the_server_stays_healthy() {
        String name = "headers/ds-" + UUID.randomUUID().toString().substring(0, 8);

        register(name, CallerHeaders.SOURCE_HEADER, "s".repeat(300)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("BAD_REQUEST")
                .jsonPath("$.field").isEqualTo(CallerHeaders.SOURCE_HEADER)
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("200 characters"));

        assertThat(storedEvents(name)).isZero();
        http().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void a_200_character_source_is_recorded_whole_in_the_audit_trail() {
        String name = "headers/ds-" + UUID.randomUUID().toString().substring(0, 8);
        String source = "s".repeat(CallerHeaders.MAX_HEADER_LENGTH);

        register(name, CallerHeaders.SOURCE_HEADER, source).expectStatus().isOk()
                .expectBody().jsonPath("$.errors").doesNotExist();

        // A mutation answers once every read model has applied its events (read-your-writes).
        assertThat(jdbc.queryForObject("SELECT source_system FROM rm_audit_trail WHERE stream = ?", String.class,
                "dataset:" + name)).isEqualTo(source);
    }

    @ParameterizedTest
    @MethodSource("callerHeaders")
    void a_caller_header_with_a_control_character_is_refused_naming_it(String header) {
        String name = "headers/ds-" + UUID.randomUUID().toString().substring(0, 8);

        register(name, header, "split\there").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo(header)
                .jsonPath("$.message").isEqualTo("must not contain control characters");

        assertThat(storedEvents(name)).isZero();
    }

    static Stream<String> callerHeaders() {
        return CallerHeaders.HEADERS.stream();
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(Arguments.of(HttpMethod.POST, "/api/v1/events"),
                Arguments.of(HttpMethod.POST, "/api/v1/predictions?environment=production&service=credit-api"),
                Arguments.of(HttpMethod.POST, "/api/v1/outcomes?environment=production&service=credit-api"),
                Arguments.of(HttpMethod.POST, "/api/v1/lineage"),
                Arguments.of(HttpMethod.POST, "/api/v1/lineage/batch"),
                Arguments.of(HttpMethod.GET, "/api/v1/audit/export?stream=dataset:lending/applications"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void every_rest_endpoint_refuses_an_overlong_correlation_id(HttpMethod method, String path) {
        http().method(method).uri(path).contentType(MediaType.APPLICATION_JSON)
                .header(CallerHeaders.CORRELATION_HEADER, "c".repeat(201)).bodyValue("[]").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("BAD_REQUEST")
                .jsonPath("$.field").isEqualTo(CallerHeaders.CORRELATION_HEADER);
    }
}
