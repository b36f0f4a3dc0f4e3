package io.custody.infra.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonConfigurationTest {

    private final ObjectMapper fast = mapper(true);
    private final ObjectMapper plain = mapper(false);

    private static ObjectMapper mapper(boolean customized) {
        Jackson2ObjectMapperBuilder builder = new Jackson2ObjectMapperBuilder()
                .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        if (customized) {
            new JsonConfiguration().fastNumbersAndInstants().customize(builder);
        }
        return builder.build();
    }

    private static List<Instant> instants() {
        Random random = new Random(11);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-12-04T20:00:00Z"),
                Instant.parse("2026-12-04T20:00:00.100Z"), Instant.parse("2026-12-04T20:00:00.000100Z"),
                Instant.parse("2026-12-04T20:00:00.000000100Z"), Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-01T12:00:00Z"), Instant.MIN,
                Instant.MAX));
        // Whole seconds, then milli-, micro- and nanosecond fractions: ISO_INSTANT prints 0, 3, 6 or 9 digits.
        int[] steps = {1_000_000_000, 1_000_000, 1_000, 1};
        for (int i = 0; i < 2_000; i++) {
            int step = steps[i % steps.length];
            instants.add(Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    random.nextInt(1_000_000_000) / step * step));
        }
        return instants;
    }

    @Test
    void instants_are_written_and_read_as_jacksons_own_serializer_and_deserializer_do() throws Exception {
        for (Instant instant : instants()) {
            String written = fast.writeValueAsString(instant);
            assertThat(written).isEqualTo(plain.writeValueAsString(instant)).isEqualTo('"' + instant.toString() + '"');
            assertThat(fast.readValue(written, Instant.class)).isEqualTo(instant);
        }
        assertThat(fast.readValue("\"2026-12-04T21:00:00+01:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-12-04T20:00:00Z"));
    }

    @Test
    void the_fast_instant_serializer_and_deserializer_win_over_java_time_modules() throws Exception {
        assertThat(fast.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(JsonConfiguration.FastInstantSerializer.class);
        DefaultDeserializationContext context = ((DefaultDeserializationContext) fast.getDeserializationContext())
                .createInstance(fast.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(fast.constructType(Instant.class)))
                .isInstanceOf(IsoInstantDeserializer.class);
    }

    @Test
    void doubles_parse_to_the_same_values() throws Exception {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(value)) {
                String text = "{\"x\":" + value + ",\"y\":" + (Math.round(random.nextGaussian() * 1000) / 1000.0) + "}";
                assertThat(fast.readTree(text)).isEqualTo(plain.readTree(text));
            }
        }
    }
}
