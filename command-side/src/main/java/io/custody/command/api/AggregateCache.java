package io.custody.command.api;

import io.custody.command.store.StreamPositions;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The aggregates' state after their last command, so that the next command on the same stream does not
 * read and replay the whole stream again (a dataset registering a version a day reads a year of events
 * per registration without it). Bounded, least recently used first out.
 *
 * <p>An entry is only used if it is current: its version must equal the stream's newest sequence number in
 * the store, checked with one index lookup per load. A stream another instance appended to, or one whose
 * transaction rolled back after the entry was taken, is therefore read from the store as if never cached;
 * several instances may share one store without a rule ever being judged on stale state.
 */
public class AggregateCache implements Cache {

    /** The bean name every aggregate's {@code @Aggregate(cache = ...)} refers to. */
    public static final String BEAN = "aggregateCache";

    private static final Logger log = LoggerFactory.getLogger(AggregateCache.class);
    private static final Field VERSION = versionField();

    private final StreamPositions positions;
    private final int capacity;
    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public AggregateCache(StreamPositions positions, int capacity) {
        this.positions = positions;
        this.capacity = VERSION == null ? 0 : Math.max(0, capacity);
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Whether entries are kept at all: capacity 0, or an Axon without the expected entry shape, keeps none. */
    public boolean enabled() {
        return capacity > 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object entry;
        synchronized (entries) {
            entry = entries.get(key);
        }
        if (entry == null) {
            return null;
        }
        Long cached = versionOf(entry);
        Long stored = StreamHeads.known(key.toString())
                .orElseGet(() -> positions.lastSequenceNumber(key.toString()).orElse(null));
        if (cached == null || !cached.equals(stored)) {
            remove(key);
            return null;
        }
        listeners.forEach(l -> l.onEntryRead(key, entry));
        return (V) entry;
    }

    @Override
    public void put(Object key, Object value) {
        store(key, value, false);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return store(key, value, true);
    }

    /** Puts the entry (unless {@code onlyIfAbsent} and one is there), evicting the eldest beyond capacity. */
    private boolean store(Object key, Object value, boolean onlyIfAbsent) {
        if (!enabled()) {
            return false;
        }
        Object previous;
        Object evicted = null;
        synchronized (entries) {
            if (onlyIfAbsent && entries.containsKey(key)) {
                return false;
            }
            previous = entries.put(key, value);
            if (entries.size() > capacity) {
                var eldest = entries.keySet().iterator();
                evicted = eldest.next();
                eldest.remove();
            }
        }
        Object gone = evicted;
        listeners.forEach(l -> {
            if (previous == null) {
                l.onEntryCreated(key, value);
            } else {
                l.onEntryUpdated(key, value);
            }
            if (gone != null) {
                l.onEntryExpired(gone);
            }
        });
        return true;
    }

    @Override
    public boolean remove(Object key) {
        Object removed;
        synchronized (entries) {
            removed = entries.remove(key);
        }
        if (removed != null) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed != null;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (entries) {
            keys = List.copyOf(entries.keySet());
            entries.clear();
        }
        keys.forEach(key -> listeners.forEach(l -> l.onEntryRemoved(key)));
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            return entries.containsKey(key);
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Entries held now. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static Long versionOf(Object entry) {
        if (!(entry instanceof AggregateCacheEntry<?>)) {
            return null;
        }
        try {
            return (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /**
     * Axon's cache entry keeps the aggregate's version but does not expose it; without it an entry cannot
     * be checked against the store, and then no entry is kept at all.
     */
    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("aggregate cache disabled: Axon's AggregateCacheEntry has no readable version ({})",
                    e.toString());
            return null;
        }
    }
}
