package io.custody.query.support;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class AsOfTest {

    static final OffsetDateTime T = OffsetDateTime.parse("2026-01-15T09:30:00Z");
    static final OffsetDateTime BEFORE = T.minusMinutes(30);
    static final OffsetDateTime AFTER = T.plusMinutes(35);

    @Test
    void without_an_instant_a_query_reads_the_current_state() {
        assertThat(AsOf.of(null, AsOf.TimeBasis.EVENT)).isNull();
    }

    @Test
    void the_recorded_clock_is_the_default() {
        assertThat(AsOf.of(T, null).basis()).isEqualTo(AsOf.TimeBasis.RECORDED);
    }

    @Test
    void an_instant_with_an_offset_is_the_same_instant_in_utc() {
        assertThat(AsOf.of(OffsetDateTime.parse("2026-01-15T10:30:00+01:00"), null).at()).isEqualTo(T);
    }

    @Test
    void a_late_report_was_not_known_at_T_on_the_recorded_clock_but_had_happened_by_T_on_the_event_clock() {
        assertThat(AsOf.of(T, AsOf.TimeBasis.RECORDED).reached(AFTER, BEFORE)).isFalse();
        assertThat(AsOf.of(T, AsOf.TimeBasis.EVENT).reached(AFTER, BEFORE)).isTrue();
    }

    @Test
    void each_clock_reads_its_own_column() {
        assertThat(AsOf.of(T, AsOf.TimeBasis.RECORDED).pick("recorded_from", "event_from")).isEqualTo("recorded_from");
        assertThat(AsOf.of(T, AsOf.TimeBasis.EVENT).pick("recorded_from", "event_from")).isEqualTo("event_from");
    }

    @Test
    void something_at_exactly_T_counts_as_reached() {
        assertThat(AsOf.of(T, null).reached(T, T)).isTrue();
        assertThat(AsOf.of(T, null).reached(null, T)).isFalse();
    }
}
