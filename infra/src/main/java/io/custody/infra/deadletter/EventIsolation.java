package io.custody.infra.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which processing groups handle which events one at a time. A batch that failed on something specific to one
 * of its events rolled back whole, good events included; until the group is past that batch's last position,
 * each event is handled alone (its own savepoint, its buffered writes written at once), so the failing one is
 * dead-lettered and its neighbours are kept. Beyond that position the group writes in batches again.
 */
public final class EventIsolation {

    private final Map<String, Long> upTo = new ConcurrentHashMap<>();

    /** Handles the group's events up to the position (inclusive) one at a time. */
    public void isolate(String group, long position) {
        upTo.merge(group, position, Math::max);
    }

    /** True when the group handles this event alone. */
    public boolean covers(String group, EventMessage<?> event) {
        Long last = upTo.get(group);
        return last != null && positionOf(event).orElse(Long.MAX_VALUE) <= last;
    }

    /** The highest position among the events, if any is tracked. */
    public static OptionalLong lastPosition(List<? extends EventMessage<?>> events) {
        return events.stream().map(EventIsolation::positionOf).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max();
    }

    private static OptionalLong positionOf(EventMessage<?> event) {
        if (event instanceof TrackedEventMessage<?> tracked) {
            TrackingToken token = tracked.trackingToken();
            if (token != null && token.position().isPresent()) {
                return OptionalLong.of(token.position().getAsLong());
            }
        }
        return OptionalLong.empty();
    }
}
