package io.custody.infra.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.custody.time.IsoInstants;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
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

    /**
     * Numbers and times read as before, only cheaper: Jackson's fast double parser rounds exactly as
     * {@code Double.parseDouble} (20 feature values a prediction), and instants in the common UTC form take
     * {@link IsoInstants}' fast path (every prediction's time, read again by each processor that deserializes its
     * batch event), anything else Jackson's own deserializer. Registered last, so it wins over JavaTimeModule's.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer fastNumbersAndInstants() {
        SimpleModule instants = new SimpleModule("custody-fast-instants");
        instants.addDeserializer(Instant.class, new FastInstantDeserializer());
        return builder -> builder.featuresToEnable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER)
                .postConfigurer(mapper -> mapper.registerModule(instants));
    }

    static final class FastInstantDeserializer extends JsonDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = IsoInstants.fast(p.getText());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }

        @Override
        public Class<?> handledType() {
            return Instant.class;
        }
    }
}
