package io.custody.query.support;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimesTest {

    static final Instant RECORDED = Instant.parse("2026-01-15T09:00:05Z");

    @Test
    void the_emitters_time_wins_when_it_gave_one() {
        assertThat(EventTimes.happenedAt("2026-01-15T10:00:00+01:00", RECORDED).toInstant())
                .isEqualTo(Instant.parse("2026-01-15T09:00:00Z"));
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
