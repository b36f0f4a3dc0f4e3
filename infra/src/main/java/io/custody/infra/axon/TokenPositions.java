package io.custody.infra.axon;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * Reads the global index out of a tracking token, live or stored (StoredTokens). A replay token wraps the
 * current one; a gap-aware token's index is the highest position it has seen, and positions below it
 * that were not committed yet when it passed them are its gaps: a token has passed a position only when
 * its index reached it and the position is not one of its gaps (writers commit out of position order).
 */
final class TokenPositions {

    private TokenPositions() {
    }

    /** True when the live token has handled the event at the position (or the position holds no event). */
    static boolean passed(TrackingToken token, long position) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return current != null && current.position().orElse(-1) >= position;
    }
}
