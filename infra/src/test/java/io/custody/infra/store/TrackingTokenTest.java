package io.custody.infra.store;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token the event store gives each event it reads is Axon's, computed without Axon's formatter-based
 * parse of the stored time: gaps below a young event are kept, below an old one dropped.
 */
class TrackingTokenTest {

    @Test
    void a_first_young_event_keeps_every_position_below_it_as_a_gap() {
        GapAwareTrackingToken token = CustodyStorageEngine.trackingToken(null, 5, Instant.now());
        assertThat(token.getIndex()).isEqualTo(5);
        assertThat(token.getGaps()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void a_first_event_older_than_the_gap_timeout_keeps_no_gaps() {
        Instant old = Instant.now().minus(Duration.ofMillis(CustodyStorageEngine.GAP_TIMEOUT_MS + 1_000));
        assertThat(CustodyStorageEngine.trackingToken(null, 5, old).getGaps()).isEmpty();
    }

    @Test
    void a_later_event_advances_the_previous_token_as_axon_does() {
        GapAwareTrackingToken previous = GapAwareTrackingToken.newInstance(10, List.of(7L));
        assertThat(CustodyStorageEngine.trackingToken(previous, 13, Instant.now()))
                .isEqualTo(previous.advanceTo(13, CustodyStorageEngine.MAX_GAP_OFFSET));
        Instant old = Instant.now().minus(Duration.ofMillis(CustodyStorageEngine.GAP_TIMEOUT_MS + 1_000));
        assertThat(CustodyStorageEngine.trackingToken(previous, 13, old)).isEqualTo(previous.advanceTo(13, 0));
        assertThat(CustodyStorageEngine.trackingToken(previous, 13, old).getGaps()).isEmpty();
    }
}
