package io.custody.query.deployment;

import io.custody.query.support.AsOf;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentIntervalViewTest {

    static final OffsetDateTime NINE = OffsetDateTime.parse("2026-01-15T09:00:00Z");
    static final OffsetDateTime TEN_FIVE = OffsetDateTime.parse("2026-01-15T10:05:00Z");
    static final OffsetDateTime HALF_PAST = OffsetDateTime.parse("2026-01-15T09:30:00Z");

    /** A stint that, by the deploy tool's report received at 10:05, ended at 09:00. */
    static DeploymentIntervalView endedByALateReport() {
        return new DeploymentIntervalView("production", "credit-api", "credit-risk", 16, false, null,
                NINE.minusDays(1), NINE.minusDays(1), 10, "DEPLOYED", "frank", null, NINE, TEN_FIVE, 42L, "REPLACED",
                "by credit-risk#17", "deployer", null);
    }

    @Test
    void as_of_a_moment_before_its_end_was_recorded_the_stint_is_shown_open() {
        DeploymentIntervalView seen = endedByALateReport().seenAt(AsOf.of(HALF_PAST, AsOf.TimeBasis.RECORDED));
        assertThat(seen.live()).isTrue();
        assertThat(seen.to()).isNull();
        assertThat(seen.endReason()).isNull();
        assertThat(seen.endedBy()).isNull();
    }

    @Test
    void on_the_event_clock_the_same_moment_is_after_its_end() {
        DeploymentIntervalView seen = endedByALateReport().seenAt(AsOf.of(HALF_PAST, AsOf.TimeBasis.EVENT));
        assertThat(seen.live()).isFalse();
        assertThat(seen.to()).isEqualTo(NINE);
        assertThat(seen.endReason()).isEqualTo("REPLACED");
    }

    @Test
    void now_the_stint_is_shown_as_stored() {
        assertThat(endedByALateReport().seenAt(null)).isEqualTo(endedByALateReport());
    }
}
