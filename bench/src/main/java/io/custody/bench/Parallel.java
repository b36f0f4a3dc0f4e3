package io.custody.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Clients in flight at once: each worker sends requests until none are left. */
final class Parallel {

    private Parallel() {
    }

    /** A body of work that sends requests until none are left. */
    interface Worker {
        void run() throws Exception;
    }

    /** Runs {@code concurrency} copies of the worker on their own threads and waits for all of them. */
    static void run(int concurrency, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                worker.run();
                return null;
            }));
        }
        try {
            for (Future<?> running : workers) {
                running.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
