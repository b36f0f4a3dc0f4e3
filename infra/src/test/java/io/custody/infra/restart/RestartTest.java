package io.custody.infra.restart;

import io.custody.command.security.ApiTokenIssuer;
import io.custody.infra.CustodyApplication;
import io.custody.infra.support.TestServices;
import io.custody.infra.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the server and starts it again on the same store: everything is still there, and no projection
 * applies an event a second time (their tokens survived, and the rows and search documents still carry
 * the positions they had).
 */
class RestartTest {

    private static final String DIGEST = "sha256:" + "c".repeat(64);

    @Test
    void a_restart_keeps_all_data_and_applies_no_event_twice() {
        String jdbcUrl = TestServices.newDatabase();
        String index = "custody-restart-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = TestServices.applicationProperties(jdbcUrl, index);
        String name = "restart/ds-" + UUID.randomUUID().toString().substring(0, 8);
        // One token for both runs: made in the first, before the head is read, so the second adds no event.
        TestTokens tokens = new TestTokens();

        long rowPosition;
        long head;
        long searchVersion;
        try (ConfigurableApplicationContext first = start(props)) {
            HttpGraphQlTester graphQl = graphQl(first, tokens);
            graphQl.document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { receipt { position } } }")
                    .variable("i", Map.of("name", name, "owner", "team-a")).execute();
            graphQl.document("mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) "
                            + "{ receipt { position } } }")
                    .variable("i", Map.of("dataset", name, "version", "v1", "digest", DIGEST,
                            "location", "file:///data/v1")).execute();
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            rowPosition = jdbc.queryForObject("SELECT last_position FROM rm_dataset WHERE name = ?", Long.class, name);
            head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
            searchVersion = searchDocumentVersion(first, index, "DATASET_VERSION:" + name + "@v1");
        }

        try (ConfigurableApplicationContext second = start(props)) {
            HttpGraphQlTester graphQl = graphQl(second, tokens);
            graphQl.document("{ datasetVersion(dataset: \"" + name + "\", version: \"v1\") { digest } }").execute()
                    .path("datasetVersion.digest").entity(String.class).isEqualTo(DIGEST);
            graphQl.document("{ dataset(name: \"" + name + "\") { versionCount position } }").execute()
                    .path("dataset.versionCount").entity(Integer.class).isEqualTo(1)
                    .path("dataset.position").entity(Long.class).isEqualTo(rowPosition);
            graphQl.document("{ search(text: \"" + name.substring(name.indexOf('/') + 1) + "\") { hits { id } } }")
                    .execute().path("search.hits[*].id").entityList(String.class)
                    .contains("DATASET:" + name, "DATASET_VERSION:" + name + "@v1");

            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            // The processors that handle these events resumed from tokens stored at the head, not from the
            // start of the log: for each, the segment that applied the last event stored its position.
            // (A segment with nothing to handle stores its token lazily, so only the maximum is exact.)
            List<Long> stored = jdbc.queryForList("SELECT max((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint) "
                    + "FROM token_entry WHERE processor_name IN ('dataset-read-model', 'search-index') "
                    + "GROUP BY processor_name", Long.class);
            assertThat(stored).hasSize(2).containsOnly(head);
            assertThat(searchDocumentVersion(second, index, "DATASET_VERSION:" + name + "@v1")).isEqualTo(searchVersion);
        }
    }

    private static long searchDocumentVersion(ConfigurableApplicationContext context, String index, String id) {
        try {
            return context.getBean(co.elastic.clients.elasticsearch.ElasticsearchClient.class)
                    .get(g -> g.index(index).id(id), Map.class).version();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> props) {
        Map<String, Object> all = new java.util.HashMap<>(props);
        all.put("server.port", "0");
        // As arguments: builder properties are defaults, and application.yml would turn the embedded services on.
        return new SpringApplicationBuilder(CustodyApplication.class).run(TestServices.arguments(all));
    }

    private static HttpGraphQlTester graphQl(ConfigurableApplicationContext context, TestTokens tokens) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return HttpGraphQlTester.create(WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql")
                .defaultHeader("Authorization",
                        "Bearer " + tokens.bearer(context.getBean(ApiTokenIssuer.class), "alice"))
                .build());
    }
}
