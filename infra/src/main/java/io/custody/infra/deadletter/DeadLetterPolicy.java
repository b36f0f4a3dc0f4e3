package io.custody.infra.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Decides what a projection's failure on one event does:
 * <ul>
 *   <li>transient ({@link FailureClassifier}): the failure propagates, the batch rolls back and the processor
 *       retries it later, as without a dead-letter queue;</li>
 *   <li>specific to the event, handled alone ({@link IsolatedFailure}): the event becomes a dead letter and the
 *       group goes on;</li>
 *   <li>specific to the event, in a batch: the failure propagates, and the processor's error handler has the
 *       batch handled event by event ({@link IsolatingErrorHandler}), since the transaction may already be
 *       aborted and cannot record anything.</li>
 * </ul>
 * A retried dead letter that fails again, for whatever reason, stays in the queue with one more attempt.
 */
final class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    /** The diagnostics key counting how often handling the dead letter was attempted. */
    static final String ATTEMPTS = "attempts";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        Throwable failure = IsolatedFailure.unwrap(cause);
        if (retrying()) {
            return Decisions.<EventMessage<?>>requeue(causeOf(failure), DeadLetterPolicy::oneMoreAttempt);
        }
        if (!(cause instanceof IsolatedFailure) || FailureClassifier.isTransient(failure)) {
            throw propagated(failure);
        }
        return Decisions.<EventMessage<?>>enqueue(causeOf(failure), DeadLetterPolicy::oneMoreAttempt);
    }

    /**
     * The failure's class, and the message of its innermost cause: the database's or the index's own words (a
     * wrapper's message repeats the whole statement), cut to what the cause column holds.
     */
    static ThrowableCause causeOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage() == null ? root : root.getMessage());
        if (message.length() > ThrowableCause.TRUNCATED_MESSAGE_SIZE) {
            message = message.substring(0, ThrowableCause.TRUNCATED_MESSAGE_SIZE);
        }
        return new ThrowableCause(failure.getClass().getName(), message);
    }

    static int attempts(DeadLetter<?> letter) {
        return letter.diagnostics().get(ATTEMPTS) instanceof Number n ? n.intValue() : 0;
    }

    private static MetaData oneMoreAttempt(DeadLetter<?> letter) {
        return letter.diagnostics().and(ATTEMPTS, attempts(letter) + 1);
    }

    /** True while a dead letter is being retried: Axon's task keeps the letter in its unit of work. */
    private static boolean retrying() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().getResource(DeadLetter.class.getName()) != null;
    }

    private static RuntimeException propagated(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure.getMessage(), failure);
    }
}
