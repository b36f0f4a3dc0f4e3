package io.custody.command.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.custody.command.store.StreamPositions;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The aggregates' state after their last command, so that the next command on the same stream does not
 * read and replay the whole stream again (a dataset registering a version a day reads a year of events
 * per registration without it). Bounded by Caffeine (size-based eviction of the least used).
 *
 * <p>An entry is only used if it is current: the version it was saved at must equal the stream's newest
 * sequence number in the store, checked with one index lookup per load. A stream another instance appended
 * to, one a writer appended to without loading its aggregate (the OpenLineage ingest, through
 * {@link io.custody.command.store.EventAppender}), or one whose transaction rolled back after the entry was
 * taken, is therefore read from the store as if never cached; several instances may share one store without a
 * rule ever being judged on stale state.
 *
 * <p>Axon's cache entry does not expose its version, so the cache keeps it beside the entry: the highest
 * sequence number among the events the unit of work published for that stream ({@link #versionRecorder}), or,
 * when it published none, the stream's head read in the same transaction just before it commits.
 */
public class AggregateCache implements org.axonframework.common.caching.Cache {

    /** The bean name every aggregate's {@code @Aggregate(cache = ...)} refers to. */
    public static final String BEAN = "aggregateCache";

    private static final String PUBLISHED = AggregateCache.class.getName() + ".published";

    private final StreamPositions positions;
    private final int capacity;
    private final Cache<Object, Held> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public AggregateCache(StreamPositions positions, int capacity) {
        this.positions = positions;
        this.capacity = Math.max(0, capacity);
        this.entries = Caffeine.newBuilder()
                .maximumSize(this.capacity)
                // Listeners run on the calling thread, as Axon's own caches call them.
                .executor(Runnable::run)
                .evictionListener((Object key, Held held, RemovalCause cause) -> {
                    if (key != null && cause.wasEvicted()) {
                        listeners.forEach(l -> l.onEntryExpired(key));
                    }
                })
                .build();
    }

    /** An Axon entry and the stream version it holds (null until known). */
    private static final class Held {
        final Object entry;
        volatile Long version;

        Held(Object entry, Long version) {
            this.entry = entry;
            this.version = version;
        }
    }

    /** Whether entries are kept at all: capacity 0 keeps none. */
    public boolean enabled() {
        return capacity > 0;
    }

    /**
     * Notes, per unit of work, the newest sequence number each stream's published events carry: the version
     * an aggregate saved in that unit of work is at.
     */
    public MessageDispatchInterceptor<EventMessage<?>> versionRecorder() {
        return messages -> {
            if (enabled() && CurrentUnitOfWork.isStarted()) {
                Map<String, Long> published = CurrentUnitOfWork.get().root().getOrComputeResource(PUBLISHED,
                        k -> new HashMap<>());
                for (EventMessage<?> m : messages) {
                    if (m instanceof DomainEventMessage<?> d && d.getAggregateIdentifier() != null) {
                        published.merge(d.getAggregateIdentifier(), d.getSequenceNumber(), Math::max);
                    }
                }
            }
            return (i, m) -> m;
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Held held = entries.getIfPresent(key);
        if (held == null || held.version == null) {
            return null;
        }
        Long stored = positions.lastSequenceNumber(key.toString()).orElse(null);
        if (!held.version.equals(stored)) {
            remove(key);
            return null;
        }
        listeners.forEach(l -> l.onEntryRead(key, held.entry));
        return (V) held.entry;
    }

    @Override
    public void put(Object key, Object value) {
        store(key, value, false);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return store(key, value, true);
    }

    /** Puts the entry (unless {@code onlyIfAbsent} and one is there); Caffeine evicts beyond capacity. */
    private boolean store(Object key, Object value, boolean onlyIfAbsent) {
        if (!enabled() || !CurrentUnitOfWork.isStarted()) {
            return false;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Map<String, Long> published = root.getResource(PUBLISHED);
        Held held = new Held(value, published == null ? null : published.get(key.toString()));
        Held previous;
        if (onlyIfAbsent) {
            previous = entries.asMap().putIfAbsent(key, held);
            if (previous != null) {
                return false;
            }
        } else {
            previous = entries.asMap().put(key, held);
        }
        if (held.version == null) {
            // Nothing published for this stream here: its head, read after this unit of work's events are
            // appended and before it commits, is the version the entry holds.
            root.onPrepareCommit(u -> held.version = positions.lastSequenceNumber(key.toString()).orElse(null));
        }
        listeners.forEach(l -> {
            if (previous == null) {
                l.onEntryCreated(key, value);
            } else {
                l.onEntryUpdated(key, value);
            }
        });
        return true;
    }

    @Override
    public boolean remove(Object key) {
        Held removed = entries.asMap().remove(key);
        if (removed != null) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed != null;
    }

    @Override
    public void removeAll() {
        List<Object> keys = List.copyOf(entries.asMap().keySet());
        keys.forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Entries held now. */
    public int size() {
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }
}
