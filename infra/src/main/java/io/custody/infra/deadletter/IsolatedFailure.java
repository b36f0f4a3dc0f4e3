package io.custody.infra.deadletter;

/**
 * A handler failed while its event was handled alone: its writes were rolled back to the event's savepoint, so
 * the transaction can still record the event as a dead letter.
 */
final class IsolatedFailure extends RuntimeException {

    IsolatedFailure(Throwable cause) {
        super(cause.toString(), cause);
    }

    /** The handler's own failure, whether or not it was handled alone. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof IsolatedFailure isolated ? isolated.getCause() : failure;
    }
}
