package io.custody.infra.rebuild;

import java.time.Instant;

/**
 * Where a rebuild stands.
 *
 * @param id              its id, to follow it
 * @param readModel       the read model being rebuilt
 * @param state           its phase
 * @param startedAt       when it started
 * @param finishedAt      when it completed or failed
 * @param targetPosition  the head of the log when it started: catching up means reaching it
 * @param position        the position the rebuilt model has reached
 * @param eventsPerSecond positions processed per second so far
 * @param rebuiltInto     the shadow schema or the new physical index being filled
 * @param retiredTo       after the switch, the schema or index holding the previous generation
 * @param error           why it failed
 */
public record RebuildStatus(String id, String readModel, RebuildState state, Instant startedAt, Instant finishedAt,
                            long targetPosition, long position, double eventsPerSecond, String rebuiltInto,
                            String retiredTo, String error) {

    /** The phases of a rebuild, in order; it ends COMPLETED or FAILED. */
    public enum RebuildState {
        /** Creating the shadow tables or index. */
        PREPARING,
        /** Replaying the log into the shadow while the live model keeps answering. */
        CATCHING_UP,
        /** The live processor is stopped; the shadow takes the last events, then replaces the live model. */
        SWITCHING,
        COMPLETED,
        FAILED
    }
}
