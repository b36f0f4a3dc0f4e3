package io.custody.infra.console;

import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's files come from the jar without a token; what they ask the API still needs one. */
class ConsoleServedTest extends IntegrationTest {

    @Test
    void the_root_serves_the_console_page_without_a_token() {
        String page = anonymousHttp().get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<script type=\"module\" src=\"console/app.js\"></script>");
    }

    @Test
    void the_console_modules_and_vendored_libraries_are_served_as_javascript() {
        for (String path : new String[] {"/console/app.js", "/console/pages/lineage.js",
                "/console/vendor/cytoscape.esm.min.js", "/console/vendor/uPlot.esm.js"}) {
            // Browsers refuse an ES module served with any type but JavaScript.
            anonymousHttp().get().uri(path).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith("text/javascript");
        }
        anonymousHttp().get().uri("/console/vendor/LICENSES.md").exchange().expectStatus().isOk();
    }

    @Test
    void the_api_the_console_calls_still_needs_a_token() {
        anonymousHttp().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ me { actor } }\"}").exchange().expectStatus().isUnauthorized();
        anonymousHttp().get().uri("/api/v1/audit/export").exchange().expectStatus().isUnauthorized();
        // Opening the console's folder opens nothing beside it.
        anonymousHttp().get().uri("/console/../actuator/projections").exchange().expectStatus().value(status ->
                assertThat(status).isIn(400, 401));
    }
}
