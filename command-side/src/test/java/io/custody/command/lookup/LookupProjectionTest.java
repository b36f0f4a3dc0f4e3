package io.custody.command.lookup;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LookupProjectionTest {

    private static final Instant RECORDED = Instant.parse("2026-01-15T12:00:00Z");

    @Test
    void a_version_goes_live_when_the_emitter_says_in_utc() {
        assertThat(LookupProjection.liveFrom("2026-01-15T10:00:00+01:00", RECORDED))
                .isEqualTo(OffsetDateTime.of(2026, 1, 15, 9, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void without_an_emitter_time_a_version_goes_live_when_the_event_was_recorded() {
        assertThat(LookupProjection.liveFrom(null, RECORDED)).isEqualTo(RECORDED.atOffset(ZoneOffset.UTC));
    }

    @Test
    void an_emitter_time_that_does_not_parse_gives_way_to_the_recorded_time() {
        assertThat(LookupProjection.liveFrom("yesterday", RECORDED)).isEqualTo(RECORDED.atOffset(ZoneOffset.UTC));
    }
}
