package io.custody.command.lineage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Stores items arriving from concurrent requests together: each request queues its item and a future for
 * its outcome; whichever request holds the lock stores everything queued (up to {@code maxGroup}) in one go
 * and completes their futures. A request finding its future complete once it gets the lock is done; a
 * lone request takes the lock at once and waits for no one.
 *
 * @param <T> what is stored
 * @param <R> the outcome each item's request is answered with
 */
final class GroupCommit<T, R> {

    /** An item waiting for its group, and the future its request waits on. */
    record Pending<T, R>(T item, CompletableFuture<R> outcome) {
    }

    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock storing = new ReentrantLock();
    private final int maxGroup;
    /** Stores a group and completes each item's future; what it leaves incomplete fails. */
    private final Consumer<List<Pending<T, R>>> store;

    GroupCommit(int maxGroup, Consumer<List<Pending<T, R>>> store) {
        this.maxGroup = maxGroup;
        this.store = store;
    }

    /** Stores {@code item}, alone or with others, and answers its outcome; its failure is thrown. */
    R submit(T item) {
        CompletableFuture<R> mine = new CompletableFuture<>();
        queue.add(new Pending<>(item, mine));
        // With more than a group queued ahead of it, an item can take more than one turn.
        while (!mine.isDone()) {
            storing.lock();
            try {
                if (!mine.isDone()) {
                    storeGroup();
                }
            } finally {
                storing.unlock();
            }
        }
        try {
            return mine.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void storeGroup() {
        List<Pending<T, R>> group = new ArrayList<>();
        for (Pending<T, R> next; group.size() < maxGroup && (next = queue.poll()) != null; ) {
            group.add(next);
        }
        try {
            store.accept(group);
        } catch (RuntimeException e) {
            group.forEach(p -> p.outcome().completeExceptionally(e));
        } catch (Error e) {
            // Every item of the group must end, or its request would wait for ever.
            group.forEach(p -> p.outcome().completeExceptionally(new IllegalStateException("storing failed: " + e, e)));
            throw e;
        } finally {
            group.forEach(p -> p.outcome().completeExceptionally(new IllegalStateException("stored without an outcome")));
        }
    }
}
