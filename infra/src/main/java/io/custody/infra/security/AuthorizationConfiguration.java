package io.custody.infra.security;

import io.custody.command.ingest.OperationAccess;
import org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Authorization: the one table of who may call what ({@link AccessRules}) and the three places that
 * enforce it: GraphQL fields, HTTP endpoints (through the security filter chain), lifecycle commands sent
 * through the ingest. With {@code custody.security.enabled=false} nothing is refused.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationConfiguration {

    @Bean
    AccessRules accessRules() {
        return new AccessRules();
    }

    @Bean
    GraphQlSourceBuilderCustomizer graphQlAccess(AccessRules rules, SecurityProperties security) {
        return builder -> {
            if (security.enabled()) {
                builder.typeVisitors(List.of(new GraphQlAccess(rules)));
            }
        };
    }

    @Bean
    OperationAccess operationAccess(AccessRules rules, SecurityProperties security) {
        return new IngestAccess(rules, security.enabled());
    }
}
