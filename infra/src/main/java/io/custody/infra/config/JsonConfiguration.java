package io.custody.infra.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

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
     * {@link IsoInstantDeserializer} (every prediction's time and every logged metric's, read again by each
     * processor that deserializes the event); instants are written as {@link Instant#toString}
     * writes them, without its formatter. Registered last, so they win over JavaTimeModule's.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer fastNumbersAndInstants() {
        SimpleModule instants = new SimpleModule("custody-fast-instants");
        instants.addDeserializer(Instant.class, new IsoInstantDeserializer());
        instants.addSerializer(Instant.class, new FastInstantSerializer());
        return builder -> builder.featuresToEnable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER)
                .postConfigurer(mapper -> mapper.registerModule(instants));
    }

    /** Writes an instant as {@link Instant#toString} does (ISO_INSTANT); as timestamps when so configured. */
    static final class FastInstantSerializer extends StdSerializer<Instant> {

        /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: years of four digits, no sign. */
        private static final long MIN = -62_167_219_200L;
        private static final long MAX = 253_402_300_799L;

        FastInstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, gen, provider);
                return;
            }
            gen.writeString(format(value));
        }

        static String format(Instant value) {
            long seconds = value.getEpochSecond();
            if (seconds < MIN || seconds > MAX) {
                return value.toString();
            }
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
            int ofDay = (int) Math.floorMod(seconds, 86_400L);
            int nano = value.getNano();
            // Fraction digits in groups of three, as many as it needs: what ISO_INSTANT prints.
            int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
            char[] out = new char[20 + (digits == 0 ? 0 : digits + 1)];
            put(out, 0, date.getYear(), 4);
            out[4] = '-';
            put(out, 5, date.getMonthValue(), 2);
            out[7] = '-';
            put(out, 8, date.getDayOfMonth(), 2);
            out[10] = 'T';
            put(out, 11, ofDay / 3600, 2);
            out[13] = ':';
            put(out, 14, ofDay / 60 % 60, 2);
            out[16] = ':';
            put(out, 17, ofDay % 60, 2);
            if (digits > 0) {
                out[19] = '.';
                put(out, 20, digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano, digits);
            }
            out[out.length - 1] = 'Z';
            return new String(out);
        }

        private static void put(char[] out, int at, int value, int width) {
            for (int i = at + width - 1; i >= at; i--) {
                out[i] = (char) ('0' + value % 10);
                value /= 10;
            }
        }
    }
}
