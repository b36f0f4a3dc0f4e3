package io.custody.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a projection writes for a whole processing batch at once: handlers add to a buffer that lives in the
 * batch's unit of work, and the buffer is written once, before the batch commits with its token, in the
 * same transaction. One statement or bulk request per batch instead of one per event.
 *
 * <p>{@link #writingAlone} gives one event's handling buffers of its own, written before it returns: a write
 * that fails then fails that event, not the batch, so the event alone can be dead-lettered.
 */
public final class BatchBuffer {

    private static final String ALONE = BatchBuffer.class.getName() + ".alone";

    private BatchBuffer() {
    }

    /** The batch's buffer under {@code key}, created (with its flush registered) on first use. */
    @SuppressWarnings("unchecked")
    public static <T> T of(String key, Supplier<T> create, Consumer<T> flush) {
        UnitOfWork<?> uow = root(key);
        Map<String, Pending<?>> alone = uow.getResource(ALONE);
        if (alone != null) {
            return (T) alone.computeIfAbsent(key, k -> new Pending<>(create.get(), flush)).buffer();
        }
        return uow.getOrComputeResource(key, k -> {
            T buffer = create.get();
            uow.onPrepareCommit(u -> flush.accept(buffer));
            return buffer;
        });
    }

    /** The buffer under {@code key} if this batch (or the event written alone) has one yet, else null. */
    @SuppressWarnings("unchecked")
    public static <T> T existing(String key) {
        UnitOfWork<?> uow = root(key);
        Map<String, Pending<?>> alone = uow.getResource(ALONE);
        if (alone != null) {
            Pending<?> pending = alone.get(key);
            return pending == null ? null : (T) pending.buffer();
        }
        return uow.getResource(key);
    }

    /**
     * Runs one event's handling with buffers of its own, and writes them before returning, in the order they
     * were first used.
     */
    public static <R> R writingAlone(Callable<R> handling) throws Exception {
        UnitOfWork<?> uow = root("writingAlone");
        Map<String, Pending<?>> alone = new LinkedHashMap<>();
        Object outer = uow.resources().put(ALONE, alone);
        try {
            R result = handling.call();
            alone.values().forEach(Pending::write);
            return result;
        } finally {
            if (outer == null) {
                uow.resources().remove(ALONE);
            } else {
                uow.resources().put(ALONE, outer);
            }
        }
    }

    private static UnitOfWork<?> root(String key) {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException(key + ": projection writes happen inside an event handler's unit of work");
        }
        return CurrentUnitOfWork.get().root();
    }

    private record Pending<T>(T buffer, Consumer<T> flush) {

        void write() {
            flush.accept(buffer);
        }
    }
}
