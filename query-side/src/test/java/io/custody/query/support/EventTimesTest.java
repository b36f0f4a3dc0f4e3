package io.custody.query.support;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimesTest {

    static final Instant RECORDED = Instant.parse("2026-01-15T09:00:05Z");

    @Test
    void the_emitters_time_wins_when_it_gave_one() {
        assertThat(EventTimes.happenedAt("2026-01-15T10:00:00+01:00", RECORDED).toInstant())
                .isEqualTo(Instant.parse("2026-01-15T09:00:00Z"));
    }

    @Test
    void utc_times_read_the_same_by_the_fast_path_as_by_the_formatter() {
        for (String text : new String[]{"2026-01-15T09:00:00Z", "2026-01-15T09:00:00.5Z", "2024-02-29T23:59:59.123456789Z",
                "2026-02-30T09:00:00Z", "2026-01-15T09:00:00.Z"}) {
            OffsetDateTime slow;
            try {
                slow = OffsetDateTime.parse(text).withOffsetSameInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e) {
                slow = null;
            }
            assertThat(EventTimes.reported(text)).as(text).isEqualTo(slow);
        }
    }

    @Test
    void without_an_emitter_time_the_recorded_time_is_used() {
        assertThat(EventTimes.happenedAt(null, RECORDED).toInstant()).isEqualTo(RECORDED);
    }

    @Test
    void an_unreadable_emitter_time_falls_back_to_the_recorded_time_instead_of_stopping_the_projection() {
        assertThat(EventTimes.happenedAt("yesterday", RECORDED).toInstant()).isEqualTo(RECORDED);
    }

    @Test
    void a_time_field_of_the_event_itself_wins_over_both() {
        Instant predicted = Instant.parse("2026-01-15T08:59:59Z");
        assertThat(EventTimes.happenedAt(predicted, "2026-01-15T09:00:00Z", RECORDED).toInstant()).isEqualTo(predicted);
    }
}
