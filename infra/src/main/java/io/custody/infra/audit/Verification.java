package io.custody.infra.audit;

import java.util.List;

/**
 * The outcome of verifying a range of the log.
 *
 * @param from              the first position verified
 * @param to                the last position verified
 * @param ok                nothing wrong was found
 * @param head              the newest position in the store
 * @param sealedThrough     the newest sealed position; positions after it are not sealed yet
 * @param events            sealed events verified
 * @param gaps              permanent gaps verified
 * @param unsealed          events in the range not sealed yet (newer than {@code sealedThrough}): not verified
 * @param checkpoints       checkpoints whose whole range lay inside the range and were recomputed
 * @param firstProblem      the first problem in position order
 * @param problems          the problems found, in position order, at most {@link Verifier#MAX_LISTED}
 * @param problemCount      how many problems were found in all
 * @param tookMillis        how long verifying took
 * @param eventsPerSecond   positions verified per second
 * @param keyId             the fingerprint of the key the seals were checked with
 * @param latestCheckpoint  the newest checkpoint in the store, to keep outside it
 */
public record Verification(long from, long to, boolean ok, long head, long sealedThrough, long events, long gaps,
                           long unsealed, int checkpoints, IntegrityProblem firstProblem, List<IntegrityProblem> problems,
                           long problemCount, long tookMillis, double eventsPerSecond, String keyId,
                           Checkpoint latestCheckpoint) {

    /**
     * A checkpoint as recorded.
     *
     * @param position      the global position of the checkpoint event itself
     * @param firstPosition the first position it covers
     * @param lastPosition  the last position it covers
     * @param events        events in its range
     * @param gaps          permanent gaps in its range
     * @param merkleRoot    the Merkle root of its range's seals, hex
     * @param chainHead     the chain hash at its last position, hex
     */
    public record Checkpoint(long position, long firstPosition, long lastPosition, long events, long gaps,
                             String merkleRoot, String chainHead) {
    }
}
