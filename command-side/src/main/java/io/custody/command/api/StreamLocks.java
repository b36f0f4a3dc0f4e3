package io.custody.command.api;

import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The in-process locks of the streams an aggregate's commands and a writer appending events itself (the
 * OpenLineage ingest) share: the aggregates name this lock factory ({@code @Aggregate(lockFactory = BEAN)}),
 * so on one instance a command on a stream waits for a planned append to it, and the reverse, instead of
 * both appending and one failing on the store's (stream, sequence) key. Writers on other instances still
 * meet only there.
 */
public final class StreamLocks implements LockFactory {

    /** The bean name the aggregates' {@code @Aggregate(lockFactory = ...)} refers to. */
    public static final String BEAN = "streamLocks";

    private final LockFactory locks = PessimisticLockFactory.usingDefaults();

    /** The lock of one stream, as the aggregates' repositories take it. */
    @Override
    public Lock obtainLock(String stream) {
        return locks.obtainLock(stream);
    }

    /**
     * Takes the locks of {@code streams} in their natural order (so two such writers never deadlock), held
     * until {@code uow} ends. An aggregate locks its stream when a command loads it, before it appends; a
     * writer holding these takes no other stream's lock after them.
     */
    public void lockAll(UnitOfWork<?> uow, Collection<String> streams) {
        for (String stream : new TreeSet<>(streams)) {
            Lock lock = locks.obtainLock(stream);
            uow.onCleanup(u -> lock.release());
        }
    }
}
