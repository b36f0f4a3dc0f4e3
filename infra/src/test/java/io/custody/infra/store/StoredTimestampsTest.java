package io.custody.infra.store;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTimestampsTest {

    @Test
    void writes_exactly_what_axon_writes() {
        Instant[] edges = {Instant.EPOCH, Instant.parse("2026-01-15T09:00:00Z"), Instant.parse("2026-01-15T09:00:00.120Z"),
                Instant.parse("2026-01-15T09:00:00.123400Z"), Instant.parse("2026-12-31T23:59:59.999999999Z"),
                Instant.parse("2026-01-15T09:00:00.000000005Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.1Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-01-01T00:00:00Z")};
        for (Instant instant : edges) {
            assertThat(StoredTimestamps.format(instant)).as(instant.toString()).isEqualTo(DateTimeUtils.formatInstant(instant));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(StoredTimestamps.format(instant)).as(instant.toString()).isEqualTo(DateTimeUtils.formatInstant(instant));
        }
    }

    @Test
    void reads_exactly_what_axon_reads() {
        String[] texts = {"1970-01-01T00:00:00.000Z", "2026-01-15T09:00:00.120Z", "2024-02-29T23:59:59.999Z",
                "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.100Z",
                // Not the written form: other precisions, an offset, a year past 9999 go to Axon's parser.
                "2026-01-15T09:00:00Z", "2026-01-15T09:00:00.123456Z", "2026-01-15T09:00:00.123+01:00",
                "+10000-01-01T00:00:00.000Z", "2026-11-29T03:20:06.958333Z"};
        for (String text : texts) {
            assertThat(StoredTimestamps.parse(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text));
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            String stored = DateTimeUtils.formatInstant(instant);
            assertThat(StoredTimestamps.parse(stored)).as(stored).isEqualTo(DateTimeUtils.parseInstant(stored));
        }
    }

    @Test
    void refuses_what_axon_refuses() {
        for (String text : new String[] {"2026-02-30T09:00:00.000Z", "2026-13-01T09:00:00.000Z", "2026-01-15T24:00:00.000Z",
                "2026-0a-15T09:00:00.000Z"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DateTimeUtils.parseInstant(text)).as(text)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> StoredTimestamps.parse(text)).as(text)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }
}
