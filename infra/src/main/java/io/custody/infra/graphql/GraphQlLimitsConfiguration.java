package io.custody.infra.graphql;

import graphql.execution.instrumentation.Instrumentation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The limits on one GraphQL document (docs/graphql-api.md#limits). Spring Boot chains every
 * {@link Instrumentation} bean into the GraphQL engine, in this order: the cheap alias count first.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlLimitsConfiguration {

    @Bean
    @Order(1)
    Instrumentation aliasLimit(GraphQlLimitsProperties limits) {
        return new AliasLimit(limits.maxAliases());
    }

    @Bean
    @Order(2)
    Instrumentation depthLimit(GraphQlLimitsProperties limits) {
        return new DepthLimit(limits.maxDepth());
    }

    @Bean
    @Order(3)
    Instrumentation complexityLimit(GraphQlLimitsProperties limits) {
        return new ComplexityLimit(limits.maxComplexity());
    }
}
