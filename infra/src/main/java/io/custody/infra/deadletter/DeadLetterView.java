package io.custody.infra.deadletter;

import java.time.Instant;

/**
 * A dead letter as the API shows it.
 *
 * @param processor    the processing group whose projection failed
 * @param eventId      the event's identifier
 * @param eventType    the event's payload type (simple class name)
 * @param stream       the aggregate (stream) the event belongs to, if it is a domain event
 * @param sequence     its sequence number in that stream
 * @param position     its global position in the log, when it was tracked
 * @param recordedAt   when the event was recorded
 * @param enqueuedAt   when it became a dead letter
 * @param lastTouched  when it was last enqueued or retried
 * @param errorClass   the failure's exception class; null for a letter that waits behind an earlier one of its stream
 * @param errorMessage the failure's message
 * @param attempts     how often handling it was attempted (0: it waits behind an earlier letter of its stream)
 */
public record DeadLetterView(String processor, String eventId, String eventType, String stream, Long sequence,
                             Long position, Instant recordedAt, Instant enqueuedAt, Instant lastTouched,
                             String errorClass, String errorMessage, int attempts) {
}
