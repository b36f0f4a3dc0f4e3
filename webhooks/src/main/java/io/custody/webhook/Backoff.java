package io.custody.webhook;

import java.time.Duration;

/**
 * The retry schedule: after failed attempt n (1-based) the next waits {@code initial × multiplier^(n-1)}, at
 * most {@code max}; after {@code maxAttempts} failed attempts the delivery is given up. No jitter: each
 * receiver has one delivery in flight at a time, so retries never arrive in a herd.
 */
public record Backoff(Duration initial, double multiplier, Duration max, int maxAttempts) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("a backoff needs 0 < initial <= max, multiplier >= 1 and maxAttempts >= 1");
        }
    }

    /** The wait after failed attempt {@code attempt}; empty (null) when it was the last one allowed. */
    public Duration after(int attempt) {
        if (attempt >= maxAttempts) {
            return null;
        }
        double millis = initial.toMillis() * Math.pow(multiplier, attempt - 1);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
