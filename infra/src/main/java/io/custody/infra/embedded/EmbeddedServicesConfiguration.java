package io.custody.infra.embedded;

import io.custody.infra.config.CustodyProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchConnectionDetails;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.util.List;

/**
 * Points Spring's standard DataSource and Elasticsearch client at the in-process services. Declared as
 * connection details, so everything Boot builds on them (pool, health, client) is the same as with
 * external services; and because they depend on the services bean, Spring stops the services only
 * after everything using them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "custody.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
class EmbeddedServicesConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedServices embeddedServices(CustodyProperties properties) {
        return EmbeddedServices.start(properties.dataDir(), properties.embedded().postgresPort(),
                properties.embedded().elasticsearchPort(), properties.embedded().postgresStatementStatistics());
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnection(EmbeddedServices services) {
        return EmbeddedPostgresServer.connectionDetails(services.postgres().jdbcUrl());
    }

    @Bean
    ElasticsearchConnectionDetails embeddedElasticsearchConnection(EmbeddedServices services) {
        URI uri = URI.create(services.elasticsearch().httpUri());
        List<ElasticsearchConnectionDetails.Node> nodes = List.of(new ElasticsearchConnectionDetails.Node(
                uri.getHost(), uri.getPort(), ElasticsearchConnectionDetails.Node.Protocol.HTTP, null, null));
        return () -> nodes;
    }
}
