package io.custody.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {

    @Test
    void reads_what_instant_parse_reads() {
        String[] texts = {"2026-01-15T09:00:00Z", "2026-01-15T09:00:00.1Z", "2026-01-15T09:00:00.120Z",
                "2026-01-15T09:00:00.123456789Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2026-01-15T09:00:00+02:00", "2026-01-15t09:00:00z", "+12026-01-15T09:00:00Z",
                "2024-02-29T12:00:00Z", "2026-06-30T23:59:60Z"};
        for (String text : texts) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    i % 3 == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant);
        }
    }

    @Test
    void refuses_what_instant_parse_refuses_and_no_more() {
        for (String text : new String[] {"2026-02-30T09:00:00Z", "2026-13-01T09:00:00Z", "2026-01-15T24:00:00Z",
                "2026-01-15T09:00:00.Z", "2026-01-15T09:00:00.1234567890Z", "2026-01-15 09:00:00Z",
                "2026-01-15T09:00:00", "2026-01-1xT09:00:00Z", "yesterday"}) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(expected);
        }
        assertThatThrownBy(() -> IsoInstants.parse("2026-02-30T09:00:00Z")).isInstanceOf(DateTimeParseException.class);
    }
}
