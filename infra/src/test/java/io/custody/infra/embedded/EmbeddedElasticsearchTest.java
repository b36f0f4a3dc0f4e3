package io.custody.infra.embedded;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exercises the embedded node through the same client stack the application uses, including a restart on the same data
 * directory, which is what the single-machine default relies on to keep its search index between runs.
 */
class EmbeddedElasticsearchTest {

    private static final String INDEX = "evidence";

    record Evidence(String id, String title, String custodian, long sizeBytes) {}

    @TempDir
    Path dataDir;

    @Test
    void servesTheJavaClientAndKeepsIndicesAcrossRestarts() throws IOException {
        Evidence evidence = new Evidence("ev-1", "Training data snapshot for fraud model", "alice", 1_234_567L);

        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dataDir, 0); Client client = new Client(es)) {
            assertThat(es.httpPort()).isPositive();
            assertThat(es.httpUri()).isEqualTo("http://127.0.0.1:" + es.httpPort());

            HealthResponse health = client.es.cluster().health();
            assertThat(health.clusterName()).isEqualTo("custody");
            assertThat(health.status()).isIn(HealthStatus.Green, HealthStatus.Yellow);

            client.es.indices()
                .create(c -> c.index(INDEX)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(m -> m.dynamic(DynamicMapping.Strict)
                        .properties("id", p -> p.keyword(k -> k))
                        .properties("title", p -> p.text(t -> t.analyzer("standard")))
                        .properties("custodian", p -> p.keyword(k -> k))
                        .properties("sizeBytes", p -> p.long_(l -> l))));
            client.es.index(i -> i.index(INDEX).id(evidence.id()).document(evidence));
            client.es.indices().refresh(r -> r.index(INDEX));

            assertThat(searchTitle(client.es, "fraud")).containsExactly(evidence);
            assertThat(searchTitle(client.es, "unrelated")).isEmpty();

            GetMappingResponse mapping = client.es.indices().getMapping(g -> g.index(INDEX));
            assertThat(mapping.get(INDEX).mappings().properties().get("custodian").isKeyword()).isTrue();
        }

        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dataDir, 0); Client client = new Client(es)) {
            assertThat(client.es.cluster().health().status()).isIn(HealthStatus.Green, HealthStatus.Yellow);
            assertThat(client.es.get(g -> g.index(INDEX).id(evidence.id()), Evidence.class).source()).isEqualTo(evidence);
            assertThat(searchTitle(client.es, "snapshot")).containsExactly(evidence);
        }
    }

    @Test
    void closeIsIdempotent() {
        EmbeddedElasticsearch es = EmbeddedElasticsearch.start(dataDir, 0);
        es.close();
        es.close();
    }

    private static List<Evidence> searchTitle(ElasticsearchClient client, String word) throws IOException {
        SearchResponse<Evidence> response = client.search(
            s -> s.index(INDEX).query(q -> q.match(m -> m.field("title").query(word))),
            Evidence.class
        );
        return response.hits().hits().stream().map(Hit::source).toList();
    }

    /** The real client stack the application uses: low-level RestClient, transport with the Jackson mapper. */
    private static final class Client implements AutoCloseable {
        final ElasticsearchClient es;
        private final ElasticsearchTransport transport;

        Client(EmbeddedElasticsearch server) {
            RestClient restClient = RestClient.builder(HttpHost.create(server.httpUri())).build();
            transport = new RestClientTransport(restClient, new JacksonJsonpMapper());
            es = new ElasticsearchClient(transport);
        }

        @Override
        public void close() throws IOException {
            transport.close();
        }
    }
}
