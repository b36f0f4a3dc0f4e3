package io.custody.infra.deadletter;

import io.custody.errors.CustodyException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read models' dead letters through Axon's queue API: counts, a listing, and retrying them. */
@Component
public class DeadLetters {

    /** What a retry did: letters in the queue when it started, those handled and removed, those left. */
    public record RetryOutcome(String processor, long retried, long succeeded, long remaining) {
    }

    private final EventProcessingConfiguration processing;
    private final DeadLetterGroups groups;

    DeadLetters(EventProcessingConfiguration processing, DeadLetterGroups groups) {
        this.processing = processing;
        this.groups = groups;
    }

    /** Dead letters per processing group, every group listed. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        groups.names().forEach(group -> counts.put(group, queue(group).size()));
        return counts;
    }

    /** Dead letters in one group's queue. */
    public long count(String processor) {
        return queue(processor).size();
    }

    /** The group's first dead letters, sequence by sequence, each in its stream's order. */
    public List<DeadLetterView> list(String processor, int first) {
        List<DeadLetterView> out = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(processor).deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (out.size() >= first) {
                    return out;
                }
                out.add(view(processor, letter));
            }
        }
        return out;
    }

    /**
     * Hands every sequence of the group's queue to its handlers again, oldest letter first. A sequence stops at
     * its first letter that fails again, which stays with one more attempt.
     */
    public RetryOutcome retry(String processor) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
        SequencedDeadLetterProcessor<EventMessage<?>> retrier = processing.sequencedDeadLetterProcessor(processor)
                .orElseThrow(() -> unknown(processor));
        List<String> heads = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            Iterator<DeadLetter<? extends EventMessage<?>>> letters = sequence.iterator();
            if (letters.hasNext()) {
                heads.add(letters.next().message().getIdentifier());
            }
        }
        long before = queue.size();
        for (String head : heads) {
            retrier.process(letter -> letter.message().getIdentifier().equals(head));
        }
        long after = queue.size();
        return new RetryOutcome(processor, before, Math.max(0, before - after), after);
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processor) {
        if (processor == null || !groups.contains(processor)) {
            throw unknown(processor);
        }
        return processing.deadLetterQueue(processor).orElseThrow(() -> unknown(processor));
    }

    private CustodyException unknown(String processor) {
        return CustodyException.badRequest("processor", "no dead-letter queue for processor " + processor
                + "; there are " + groups.names());
    }

    private static DeadLetterView view(String processor, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        String stream = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        Long sequence = event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        Long position = event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                ? tracked.trackingToken().position().stream().boxed().findFirst().orElse(null) : null;
        Cause cause = letter.cause().orElse(null);
        return new DeadLetterView(processor, event.getIdentifier(), event.getPayloadType().getSimpleName(), stream,
                sequence, position, event.getTimestamp(), letter.enqueuedAt(), letter.lastTouched(),
                cause == null ? null : cause.type(), cause == null ? null : cause.message(),
                DeadLetterPolicy.attempts(letter));
    }
}
