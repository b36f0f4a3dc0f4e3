package io.custody.events.audit;

/**
 * The sealer closed a range of the global log: every position from {@code firstPosition} to
 * {@code lastPosition} has a seal, and the seals' chain hashes, in order, form a Merkle tree (RFC 6962
 * shape, SHA-256) whose root is {@code merkleRoot}. A checkpoint is small enough to copy out of the
 * system (a ticket, an auditor's notes): whoever holds it can later prove that the range still reads
 * the same. See docs/audit.md.
 *
 * @param firstPosition the first global position in the range
 * @param lastPosition  the last global position in the range
 * @param events        how many positions in the range hold an event
 * @param gaps          how many positions in the range are permanent gaps (sequence values never committed)
 * @param merkleRoot    the Merkle root of the range's chain hashes, lower-case hex
 * @param chainHead     the chain hash at {@code lastPosition}, lower-case hex
 * @param scheme        the sealing scheme, so verifiers of a later scheme can still read this one
 */
public record CheckpointRecorded(long firstPosition, long lastPosition, long events, long gaps, String merkleRoot,
                                 String chainHead, String scheme) {

    /** The stream that holds every checkpoint, in order. */
    public static final String STREAM = "audit:checkpoints";
}
