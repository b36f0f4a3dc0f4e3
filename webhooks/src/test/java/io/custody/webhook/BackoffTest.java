package io.custody.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void the_default_schedule_doubles_from_ten_seconds_to_an_hour_and_gives_up_after_fifteen_attempts() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), 2, Duration.ofHours(1), 15);
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.after(9)).isEqualTo(Duration.ofSeconds(2_560));
        assertThat(backoff.after(10)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.after(14)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.after(15)).isNull();
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < 15; attempt++) {
            total = total.plus(backoff.after(attempt));
        }
        // docs/webhooks.md: the last attempt is about 6 h 25 min after the first.
        assertThat(total).isEqualTo(Duration.ofSeconds(5_110 + 5 * 3_600));
    }

    @Test
    void a_schedule_that_could_never_wait_is_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, 2, Duration.ofMinutes(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), 2, Duration.ofMinutes(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofMinutes(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
