package io.custody.infra.store;

import io.custody.time.IsoInstants;
import org.axonframework.common.DateTimeUtils;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The event table's {@code time_stamp} text, exactly as Axon writes it ({@link DateTimeUtils#formatInstant}:
 * {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, milliseconds truncated), without a
 * {@code DateTimeFormatter}, a measurable share of ingest CPU at one call per appended event. Years outside 0–9999 go to Axon's formatter.
 */
final class StoredTimestamps {

    private StoredTimestamps() {
    }

    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeUtils.formatInstant(instant);
        }
        StringBuilder out = new StringBuilder(30);
        pad(out, year, 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        pad(out, instant.getNano() / 1_000_000, 3);
        return out.append('Z').toString();
    }

    /**
     * Reads a stored {@code time_stamp}: the form {@link #format} writes on {@link IsoInstants}'s fast path
     * (one parse per event read, where a {@code DateTimeFormatter} is a large share of a rebuild worker's CPU),
     * anything else (offsets, years outside 0–9999) with Axon's parser.
     */
    static Instant parse(String text) {
        Instant fast = IsoInstants.fast(text);
        return fast != null ? fast : DateTimeUtils.parseInstant(text);
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text);
    }
}
