package io.custody.infra.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The event store as the read models' processors see it, telling them when new events are there.
 *
 * <p>Axon's pooled streaming processor asks its stream whether it can call back when events arrive; the
 * embedded event store's stream cannot, and then an idle processor looks again only every 500 ms. Every
 * mutation waits for the read models (read-your-writes), so without a callback it would wait for the
 * slowest of eight processors' polls. This source's streams call back when a transaction on this instance
 * commits events, and on a fixed tick for events other instances commit.
 *
 * <p>A processor is woken at once if it was not woken within the last {@code wakeInterval}, else when that
 * interval has passed: a lone mutation is projected at once, while under a stream of small commits each
 * processor wakes at most once per interval and handles what arrived meanwhile in one transaction, rather
 * than eight processors each committing a transaction per ingest request.
 *
 * <p>A tracking processor blocks in {@link TrackingEventStream#hasNextAvailable(int, TimeUnit)}; these streams
 * wait for the same signals rather than in the embedded event store. The embedded store wakes a waiting
 * consumer only when its producer reads new events, and it reads only for consumers tailing its cache. A
 * consumer whose token has other gaps than the cached events' tokens (it read the same positions at another
 * moment of concurrent commits) never finds its place in the cache (Axon issues #1037, #1193) and reads the
 * store itself; if every consumer does, none is woken before its timeout, and each ingest batch waited for
 * that in its backpressure check.
 */
public class SignallingMessageSource implements StreamableMessageSource<TrackedEventMessage<?>>, DisposableBean {

    /**
     * How long a processor woken by a local commit waits for the event store to fetch the new events, which
     * it does on its own thread right after the same commit.
     */
    private static final int FETCH_WAIT_MS = 100;

    private final Set<SignallingStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private final long wakeIntervalNanos;
    private final long tickMillis;
    private EventStore eventStore;
    private Registration subscription;

    /**
     * @param tick         how often every stream looks for events that other instances committed
     * @param wakeInterval the shortest time between two wakes of a stream by local commits ({@link Duration#ZERO}:
     *                     at every commit)
     */
    public SignallingMessageSource(Duration tick, Duration wakeInterval) {
        this.wakeIntervalNanos = wakeInterval.toNanos();
        this.tickMillis = Math.max(10, tick.toMillis());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "custody-processor-tick");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * This source over the event store. Attached once Axon's configuration exists (the processors' builder
     * hands it over), since the event store is built from that configuration.
     */
    public synchronized SignallingMessageSource over(EventStore store) {
        if (eventStore == null) {
            eventStore = store;
            ticker.scheduleWithFixedDelay(() -> streams.forEach(s -> s.signal(false)), tickMillis, tickMillis,
                    TimeUnit.MILLISECONDS);
            subscription = store.subscribe(events -> {
                if (CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().afterCommit(u -> signalCommit());
                } else {
                    signalCommit();
                }
            });
        } else if (eventStore != store) {
            throw new IllegalStateException("processors read one event store; a second was offered");
        }
        return this;
    }

    /** Events were committed on this instance: every processor looks now. */
    void signalCommit() {
        streams.forEach(s -> s.signal(true));
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        SignallingStream stream = new SignallingStream(eventStore.openStream(trackingToken));
        streams.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return eventStore.createTokenSince(duration);
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private final class SignallingStream implements TrackingEventStream {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;
        /** The tracking processor's thread blocked in {@link #hasNextAvailable(int, TimeUnit)}, if any. */
        private volatile Thread waiter;
        /** Woken since the waiter last looked. */
        private volatile boolean woken;
        /** A local commit was signalled and not yet looked for. */
        private volatile boolean committed;
        private final AtomicLong lastWake = new AtomicLong(System.nanoTime() - wakeIntervalNanos);
        private final AtomicBoolean wakeScheduled = new AtomicBoolean();

        SignallingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        void signal(boolean commit) {
            if (!commit) {
                wake();
                return;
            }
            committed = true;
            long wait = lastWake.get() + wakeIntervalNanos - System.nanoTime();
            if (wait <= 0) {
                wake();
            } else if (wakeScheduled.compareAndSet(false, true)) {
                ticker.schedule(() -> {
                    wakeScheduled.set(false);
                    wake();
                }, wait, TimeUnit.NANOSECONDS);
            }
        }

        private void wake() {
            lastWake.set(System.nanoTime());
            woken = true;
            Thread blocked = waiter;
            if (blocked != null) {
                LockSupport.unpark(blocked);
            }
            Runnable onAvailable = callback;
            if (onAvailable != null) {
                onAvailable.run();
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            return true;
        }

        @Override
        public boolean hasNextAvailable() {
            if (delegate.hasNextAvailable()) {
                return true;
            }
            if (!committed) {
                return false;
            }
            committed = false;
            try {
                return delegate.hasNextAvailable(FETCH_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            waiter = Thread.currentThread();
            try {
                while (true) {
                    woken = false;
                    boolean commit = committed;
                    committed = false;
                    // Never a zero wait: the embedded store's consumer that reads the store itself needs a wait to
                    // go from its failed attempt to join the cache on to reading the store, in the same call.
                    if (delegate.hasNextAvailable(commit ? FETCH_WAIT_MS : 1, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    if (!woken) {
                        LockSupport.parkNanos(this, remaining);
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            } finally {
                waiter = null;
            }
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> message) {
            delegate.skipMessagesWithPayloadTypeOf(message);
        }

        @Override
        public void close() {
            streams.remove(this);
            callback = null;
            delegate.close();
        }
    }
}
