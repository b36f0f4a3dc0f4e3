package io.custody.webhook;

import io.custody.webhook.DeliveryStore.Attempted;
import io.custody.webhook.DeliveryStore.Claimed;
import io.custody.webhook.DeliveryStore.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the outbox. One poller thread claims due deliveries, at most one per webhook at a time, and hands each
 * to a bounded pool of senders; every attempt is bounded by the request timeout and logged with its result.
 * A hanging receiver therefore holds one sender and its own deliveries, and nothing else: other webhooks keep
 * their turn, and neither the processors nor ingest ever wait for a receiver. No database connection is held
 * while a request is in flight.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** How long a claim outlives its attempt's timeouts before another poll may take the delivery again. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final DeliveryStore store;
    private final SigningKeys keys;
    private final WebhookProperties properties;
    private final DeliveryWake wake;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Deliveries claimed here whose attempt is not recorded yet: released on stop rather than left leased. */
    private final Set<UUID> unrecorded = ConcurrentHashMap.newKeySet();
    private final Duration lease;

    private volatile boolean running;
    private HttpClient http;
    private ExecutorService senders;
    private Thread poller;

    DeliveryWorker(DeliveryStore store, SigningKeys keys, WebhookProperties properties, DeliveryWake wake) {
        this.store = store;
        this.keys = keys;
        this.properties = properties;
        this.wake = wake;
        this.lease = properties.connectTimeout().plus(properties.requestTimeout()).plus(LEASE_MARGIN);
    }

    @Override
    public synchronized void start() {
        if (running || !properties.deliveryEnabled()) {
            return;
        }
        http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger count = new AtomicInteger();
        senders = Executors.newFixedThreadPool(properties.maxConcurrency(), task -> {
            Thread thread = new Thread(task, "webhook-sender-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        poller = new Thread(this::poll, "webhook-poller");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        poller.interrupt();
        // An attempt cut short is not recorded: it is sent again (at least once), as soon as its lease is given
        // back below, or when the lease runs out if this instance cannot give it back.
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.release(List.copyOf(unrecorded));
            unrecorded.clear();
        } catch (RuntimeException e) {
            log.warn("webhook delivery leases not given back on stop, due again when they run out: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        while (running) {
            try {
                int free = properties.maxConcurrency() - inFlight.size();
                if (free > 0) {
                    List<Claimed> claimed = store.claimDue(free, List.copyOf(inFlight), Instant.now(), lease);
                    for (Claimed delivery : claimed) {
                        unrecorded.add(delivery.id());
                        inFlight.add(delivery.webhook().value());
                        senders.execute(() -> attempt(delivery));
                    }
                }
                wake.await(properties.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is unreachable or the pool is shutting down: try again at the next poll.
                log.warn("webhook delivery poll failed: {}", e.toString());
                sleepQuietly(properties.pollInterval());
            }
        }
    }

    private void attempt(Claimed delivery) {
        try {
            store.record(send(delivery));
            unrecorded.remove(delivery.id());
        } catch (RuntimeException e) {
            // Not recorded: the delivery is attempted again with the same id, when the lease runs out (the
            // database failed) or once stop gives the lease back (cut short by shutdown).
            if (running) {
                unrecorded.remove(delivery.id());
            }
            log.warn("webhook delivery {} could not be recorded: {}", delivery.id(), e.toString());
        } finally {
            inFlight.remove(delivery.webhook().value());
            wake.ping();
        }
    }

    private Attempted send(Claimed delivery) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Optional<String> secret = keys.secretOf(delivery.webhook());
        if (secret.isEmpty()) {
            return new Attempted(delivery, started, Duration.ZERO, null, "the webhook was removed; not sent",
                    Outcome.CANCELLED, null);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Custody-Webhooks/1")
                .header(Signatures.HEADER, Signatures.sign(secret.get(), delivery.body()))
                .header("X-Custody-Delivery", delivery.id().toString())
                .header("X-Custody-Event", delivery.eventId())
                .header("X-Custody-Event-Type", delivery.eventType())
                .header("X-Custody-Attempt", Integer.toString(delivery.attempt()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        Integer status = null;
        String error;
        try {
            status = response.get(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
            error = status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (TimeoutException e) {
            response.cancel(true);
            error = "no response within " + properties.requestTimeout().toMillis() + " ms";
        } catch (ExecutionException e) {
            error = DeliveryFailures.describe(e.getCause());
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("shutting down", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (error == null) {
            return new Attempted(delivery, started, took, status, null, Outcome.DELIVERED, null);
        }
        Duration wait = properties.backoff().after(delivery.attempt());
        return wait == null
                ? new Attempted(delivery, started, took, status, error, Outcome.GAVE_UP, null)
                : new Attempted(delivery, started, took, status, error, Outcome.RETRY, Instant.now().plus(wait));
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
