package io.custody.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a projection writes for a whole processing batch at once: handlers add to a buffer that lives in the
 * batch's unit of work, and the buffer is written once, before the batch commits with its token, in the
 * same transaction. One statement or bulk request per batch instead of one per event.
 */
public final class BatchBuffer {

    private BatchBuffer() {
    }

    /** The batch's buffer under {@code key}, created (with its flush registered) on first use. */
    public static <T> T of(String key, Supplier<T> create, Consumer<T> flush) {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException(key + ": projection writes happen inside an event handler's unit of work");
        }
        UnitOfWork<?> uow = CurrentUnitOfWork.get().root();
        return uow.getOrComputeResource(key, k -> {
            T buffer = create.get();
            uow.onPrepareCommit(u -> flush.accept(buffer));
            return buffer;
        });
    }
}
