package io.custody.infra.config;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;

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

    /** Instants in their common form read without a {@code DateTimeFormatter} ({@link IsoInstantDeserializer}). */
    @Bean
    Module isoInstantsModule() {
        return new SimpleModule("custody-iso-instants").addDeserializer(Instant.class, new IsoInstantDeserializer());
    }
}
