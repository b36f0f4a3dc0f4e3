package io.custody.infra.axon;

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
}
