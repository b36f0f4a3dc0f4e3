package io.custody.query.support;

import io.custody.time.IsoInstants;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The two clocks of an event: when Custody recorded it (the event's timestamp, knowledge time) and when
 * the emitter says it happened (metadata {@code eventTime}, valid time). Read models place facts on
 * the emitter's clock when it gave one.
 */
public final class EventTimes {

    private EventTimes() {
    }

    /**
     * The emitter's time if it sent a readable one, else the recorded time. An unreadable eventTime
     * falls back instead of failing: the event is already in the log, and a projection that refuses it
     * would stop every event after it.
     */
    public static OffsetDateTime happenedAt(Object eventTime, Instant recorded) {
        OffsetDateTime reported = reported(eventTime);
        return reported != null ? reported : utc(recorded);
    }

    /** The emitter's time if it sent a readable one, else null: for records that show it beside the recorded time. */
    public static OffsetDateTime reported(Object eventTime) {
        if (eventTime instanceof String text && !text.isBlank()) {
            // Every handler of every read model asks this of every event; most senders write UTC with a Z.
            Instant fast = IsoInstants.fast(text);
            if (fast != null) {
                return utc(fast);
            }
            try {
                return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                try {
                    return utc(Instant.parse(text));
                } catch (DateTimeParseException ignored) {
                    return null;
                }
            }
        }
        return null;
    }

    /** {@code value} if present, else {@link #happenedAt}: for events that carry their own time field. */
    public static OffsetDateTime happenedAt(Instant value, Object eventTime, Instant recorded) {
        return value != null ? utc(value) : happenedAt(eventTime, recorded);
    }

    public static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
