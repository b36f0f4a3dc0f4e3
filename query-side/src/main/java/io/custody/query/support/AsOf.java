package io.custody.query.support;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The instant a query answers for, and the clock it is read on (docs/time-travel.md). A query without
 * {@code asOf} answers from the current-state tables and carries no AsOf (null) at all.
 *
 * <ul>
 *   <li>{@link TimeBasis#RECORDED}: what Custody had recorded by {@code at} (knowledge time). Nothing
 *       recorded later changes the answer.</li>
 *   <li>{@link TimeBasis#EVENT}: what was true at {@code at} by the emitters' clocks (event time),
 *       from everything Custody knows now. A late report changes it.</li>
 * </ul>
 */
public record AsOf(OffsetDateTime at, TimeBasis basis) {

    /** Which of an event's two times {@code asOf} is compared with. */
    public enum TimeBasis { RECORDED, EVENT }

    public AsOf {
        at = at.withOffsetSameInstant(ZoneOffset.UTC);
        basis = basis == null ? TimeBasis.RECORDED : basis;
    }

    /** The AsOf of a query's arguments; null (current state) when no instant was given. */
    public static AsOf of(OffsetDateTime at, TimeBasis basis) {
        return at == null ? null : new AsOf(at, basis);
    }

    public boolean byEvent() {
        return basis == TimeBasis.EVENT;
    }

    /** The column that holds the time on this AsOf's clock: one of a pair, recorded or event. */
    public String pick(String recordedColumn, String eventColumn) {
        return byEvent() ? eventColumn : recordedColumn;
    }

    /** Whether something that happened (event time) or was recorded (knowledge time) at these times is known at {@code at}. */
    public boolean reached(OffsetDateTime recorded, OffsetDateTime happened) {
        OffsetDateTime t = byEvent() ? happened : recorded;
        return t != null && !t.isAfter(at);
    }
}
