package io.custody.webhook;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the delivery worker when rows were queued or a slot came free, so it need not wait for its next poll. */
@Component
class DeliveryWake {

    private final Semaphore signal = new Semaphore(0);

    void ping() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Waits for a ping or the timeout, whichever comes first, and consumes every ping so far. */
    void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }
}
