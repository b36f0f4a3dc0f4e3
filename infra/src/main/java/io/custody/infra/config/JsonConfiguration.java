package io.custody.infra.config;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's ObjectMapper is also Axon's event serializer. Every prediction is serialized once on ingest
 * and deserialized by each read model that handles it, so Jackson's reflective accessors are a visible
 * share of the ingest CPU; Blackbird replaces them with generated lambdas.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    Module blackbirdModule() {
        return new BlackbirdModule();
    }
}
