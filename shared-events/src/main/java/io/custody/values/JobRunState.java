package io.custody.values;

/**
 * The run state an OpenLineage {@code RunEvent} reports ({@code eventType}). COMPLETE, FAIL and ABORT
 * end a run; START, RUNNING and OTHER do not.
 */
public enum JobRunState {
    START,
    RUNNING,
    COMPLETE,
    FAIL,
    ABORT,
    OTHER;

    public boolean terminal() {
        return this == COMPLETE || this == FAIL || this == ABORT;
    }
}
