package io.custody.infra.deadletter;

import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalLong;

/**
 * A dead-lettering processor's batch failed and rolled back. If the failure is specific to an event, the events
 * of the batch are handled one at a time from the retry on ({@link EventIsolation}), so that the one at fault is
 * dead-lettered; a transient failure is retried as it is. Either way the failure propagates, and the processor
 * retries the batch after its back-off.
 */
final class IsolatingErrorHandler implements ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(IsolatingErrorHandler.class);

    private final EventIsolation isolation;

    IsolatingErrorHandler(EventIsolation isolation) {
        this.isolation = isolation;
    }

    @Override
    public void handleError(ErrorContext context) throws Exception {
        Throwable failure = IsolatedFailure.unwrap(context.error());
        OptionalLong last = EventIsolation.lastPosition(context.failedEvents());
        if (!FailureClassifier.isTransient(failure) && last.isPresent()) {
            isolation.isolate(context.eventProcessor(), last.getAsLong());
            log.warn("{}: a batch failed on one of its events ({}: {}); handling the events up to position {} one at a "
                    + "time to dead-letter the one at fault", context.eventProcessor(), failure.getClass().getSimpleName(),
                    DeadLetterPolicy.causeOf(failure).message(), last.getAsLong());
        }
        PropagatingErrorHandler.instance().handleError(context);
    }
}
