package io.custody.infra.health;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import io.custody.query.search.SearchIndex;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * UP when the search cluster answers and the index is at least yellow. Uses the cluster health API,
 * which the in-process node serves (its root endpoint, used by ping, is not).
 */
@Component("search")
class SearchHealthIndicator implements HealthIndicator {

    private final ElasticsearchClient client;
    private final SearchIndex index;

    SearchHealthIndicator(ElasticsearchClient client, SearchIndex index) {
        this.client = client;
        this.index = index;
    }

    @Override
    public Health health() {
        try {
            HealthResponse response = client.cluster().health(h -> h.index(index.alias()));
            Health.Builder builder = response.status() == HealthStatus.Red ? Health.down() : Health.up();
            return builder.withDetail("cluster", response.clusterName())
                    .withDetail("status", response.status().jsonValue())
                    .withDetail("index", index.alias()).build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
