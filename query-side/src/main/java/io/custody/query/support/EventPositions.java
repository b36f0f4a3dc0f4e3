package io.custody.query.support;

import org.axonframework.eventhandling.TrackingToken;

/** Reads the global position of the event a streaming processor hands to a handler. */
public final class EventPositions {

    private EventPositions() {
    }

    public static long of(TrackingToken token) {
        // Replays wrap the token; position() unwraps to the event's own index in both cases.
        return token.position().orElseThrow(() -> new IllegalStateException("token without position: " + token));
    }
}
