package io.custody.infra.web;

import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Parameters that do not parse and bodies of the wrong type are the caller's to fix: 400 and 415, never 500. */
class HttpParametersTest extends IntegrationTest {

    @ParameterizedTest
    @CsvSource({
            "/api/v1/predictions?environment=production&service=credit-api&wait=maybe, wait, true or false",
            "/api/v1/outcomes?environment=production&service=credit-api&wait=1x, wait, true or false",
            "/api/v1/lineage?wait=soon, wait, true or false",
            "/api/v1/lineage/batch?wait=maybe, wait, true or false"})
    void a_parameter_that_does_not_parse_is_a_bad_request_naming_it(String path, String parameter, String rule) {
        http().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("[]").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("BAD_REQUEST")
                .jsonPath("$.field").isEqualTo(parameter)
                .jsonPath("$.message").value(m -> assertThat((String) m).contains(rule));
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=yesterday", "to=2026-13-45T00:00:00Z"})
    void an_export_range_that_is_not_an_instant_is_a_bad_request_naming_the_bound(String query) {
        http().get().uri("/api/v1/audit/export?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo(query.substring(0, query.indexOf('=')));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/events", "/api/v1/predictions?environment=production&service=credit-api",
            "/api/v1/lineage", "/api/v1/lineage/batch"})
    void a_body_that_is_not_json_is_unsupported_media_naming_the_content_type(String path) {
        http().post().uri(path).contentType(MediaType.TEXT_PLAIN).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.code").isEqualTo("BAD_REQUEST")
                .jsonPath("$.field").isEqualTo("Content-Type");
    }

    @Test
    void lineage_takes_a_json_vendor_type_as_json() {
        String event = """
                {"eventType": "START", "eventTime": "2026-01-15T08:00:00Z", "producer": "https://airflow.example.com",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow-vendor", "name": "features.build"}}
                """.formatted(UUID.randomUUID());
        http().post().uri("/api/v1/lineage").contentType(MediaType.parseMediaType("application/vnd.openlineage+json"))
                .bodyValue(event).exchange().expectStatus().isCreated();
    }

    @Test
    void an_unknown_path_stays_not_found_and_a_wrong_method_not_allowed() {
        http().get().uri("/api/v1/nothing-here").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        http().get().uri("/api/v1/events").exchange().expectStatus().isEqualTo(405)
                .expectBody().jsonPath("$.code").isEqualTo("BAD_REQUEST");
    }
}
