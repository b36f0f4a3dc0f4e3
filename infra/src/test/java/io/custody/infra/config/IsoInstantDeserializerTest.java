package io.custody.infra.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The fast Instant reader answers what Jackson's own answers, in a mapper built as Spring Boot builds it. */
class IsoInstantDeserializerTest {

    private final ObjectMapper custody = custody();
    private final ObjectMapper jackson = Jackson2ObjectMapperBuilder.json().build();

    private static ObjectMapper custody() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        new JsonConfiguration().fastNumbersAndInstants().customize(builder);
        return builder.build();
    }

    @Test
    void the_mapper_reads_instants_with_it() throws Exception {
        assertThat(((DefaultDeserializationContext) custody.getDeserializationContext())
                .createDummyInstance(custody.getDeserializationConfig())
                .findRootValueDeserializer(custody.constructType(Instant.class)))
                .isInstanceOf(IsoInstantDeserializer.class);
    }

    @Test
    void reads_what_jacksons_deserializer_reads() throws Exception {
        String[] texts = {"\"2026-01-15T09:00:00Z\"", "\"2026-01-15T09:00:00.123Z\"", "\"2026-01-15T09:00:00.123456789Z\"",
                "\"2026-01-15T09:00:00+02:00\"", "\"+12026-01-15T09:00:00Z\"", "1700000000", "1700000000.5", "null",
                "\"2024-02-29T12:00:00Z\""};
        for (String text : texts) {
            assertThat(custody.readValue(text, Instant.class)).as(text).isEqualTo(jackson.readValue(text, Instant.class));
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            String text = custody.writeValueAsString(Instant.ofEpochSecond(random.nextLong(0, 253_402_300_800L),
                    i % 3 == 0 ? 0 : random.nextInt(1_000_000_000)));
            assertThat(custody.readValue(text, Instant.class)).as(text).isEqualTo(jackson.readValue(text, Instant.class));
        }
    }

    @Test
    void refuses_what_jacksons_deserializer_refuses_with_its_error() {
        for (String text : new String[]{"\"2026-02-30T09:00:00Z\"", "\"2026-01-15 09:00:00Z\"", "\"yesterday\""}) {
            Throwable expected = catchThrowable(() -> jackson.readValue(text, Instant.class));
            assertThat(expected).as(text).isNotNull();
            assertThatThrownBy(() -> custody.readValue(text, Instant.class)).as(text)
                    .isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
        }
    }
}
