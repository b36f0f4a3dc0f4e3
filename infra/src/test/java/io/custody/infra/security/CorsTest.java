package io.custody.infra.security;

import io.custody.infra.support.IntegrationTest;
import io.custody.infra.support.TestServices;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

/** A browser page of another origin may call the server only if custody.security.allowed-origins names it. */
class CorsTest extends IntegrationTest {

    private static final String ELSEWHERE = "https://elsewhere.example.com";
    private static final Map<String, String> QUERY = Map.of("query", "{ about { version } }");

    private WebTestClient.ResponseSpec preflight(String origin) {
        return anonymousHttp().options().uri("/graphql").header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type").exchange();
    }

    private WebTestClient.ResponseSpec query(String origin) {
        return http().post().uri("/graphql").header(HttpHeaders.ORIGIN, origin).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(QUERY).exchange();
    }

    @Test
    void a_request_from_an_origin_not_named_is_refused() {
        preflight(ELSEWHERE).expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        query(ELSEWHERE).expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void a_request_from_a_named_origin_is_allowed() {
        preflight(TestServices.CORS_ORIGIN).expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, TestServices.CORS_ORIGIN);
        query(TestServices.CORS_ORIGIN).expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, TestServices.CORS_ORIGIN)
                .expectBody().jsonPath("$.data.about.version").exists();
    }
}
