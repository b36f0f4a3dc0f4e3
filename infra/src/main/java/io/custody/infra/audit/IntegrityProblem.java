package io.custody.infra.audit;

/**
 * One thing verification found wrong.
 *
 * @param kind     what is wrong
 * @param position the global position where it is
 * @param stream   the stream of the event concerned (from the row, or from its seal when the row is gone)
 * @param sequence its sequence number in the stream
 * @param eventId  its event id, when the row is there
 * @param detail   what was expected and what was found, in words
 */
public record IntegrityProblem(ProblemKind kind, long position, String stream, Long sequence, String eventId,
                               String detail) {
}
