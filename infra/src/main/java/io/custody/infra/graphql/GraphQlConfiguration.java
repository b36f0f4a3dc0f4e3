package io.custody.infra.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

    @Bean
    RuntimeWiringConfigurer custodyScalars(ObjectMapper mapper) {
        return wiring -> Scalars.all(mapper).forEach(wiring::scalar);
    }
}
