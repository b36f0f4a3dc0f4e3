package io.custody.query.history;

import io.custody.errors.CustodyException;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditTrailFilterTest {

    static final OffsetDateTime FROM = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    static final OffsetDateTime TO = OffsetDateTime.parse("2026-02-01T00:00:00Z");

    @Test
    void only_the_conditions_asked_for_reach_the_sql_with_their_values_in_order() {
        List<Object> args = new ArrayList<>();
        String where = new AuditTrailFilter(FROM, TO, "alice", List.of("DatasetRegistered", "RunStarted")).where(args);
        assertThat(where).isEqualTo("a.recorded_at >= ? AND a.recorded_at < ? AND a.actor = ? AND a.type IN (?, ?)");
        assertThat(args).containsExactly(FROM, TO, "alice", "DatasetRegistered", "RunStarted");
    }

    @Test
    void no_filter_matches_every_event() {
        List<Object> args = new ArrayList<>();
        assertThat(new AuditTrailFilter(null, null, null, null).where(args)).isEqualTo("TRUE");
        assertThat(args).isEmpty();
    }

    @Test
    void a_range_that_ends_before_it_starts_is_a_bad_request_on_to() {
        assertThatThrownBy(() -> new AuditTrailFilter(TO, FROM, null, null)).isInstanceOf(CustodyException.class)
                .satisfies(e -> assertThat(((CustodyException) e).field()).isEqualTo("to"));
    }

    @Test
    void a_type_that_is_not_an_event_name_is_a_bad_request_naming_its_index() {
        assertThatThrownBy(() -> new AuditTrailFilter(null, null, null, List.of("RunStarted", "x' OR 1=1")))
                .isInstanceOf(CustodyException.class)
                .satisfies(e -> assertThat(((CustodyException) e).field()).isEqualTo("types[1]"));
    }
}
