package io.custody.infra.audit;

/** What verification found wrong at a position. */
public enum ProblemKind {
    /** The stored event differs from what was sealed. */
    ALTERED,
    /** A sealed event is gone. */
    MISSING,
    /** The event (or its payload or metadata) at this position was sealed at another position. */
    REORDERED,
    /** An event stands where the sealer saw none: in a sealed gap, or among sealed positions without a seal. */
    INSERTED,
    /** The seal itself does not follow from the one before it: the seal table was edited. */
    SEAL_ALTERED,
    /** A checkpoint's Merkle root or counts do not match the seals of its range. */
    CHECKPOINT_MISMATCH
}
