package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a hanging webhook receiver slows the write path: two servers from the same jar, each on a fresh data
 * directory; on one, {@code hooks} webhooks (8 by default: every delivery sender the server has) point at a
 * receiver in this process that accepts every request and never answers. Both are sent the same notifying
 * mutation, {@code quarantineDatasetVersion} (each on a dataset and version registered just before, untimed),
 * one at a time, alternating between the servers ({@link Alternating}); each answer includes read-your-writes
 * (every processor, the webhook outbox among them, applied it).
 */
final class WebhookBench {

    private static final String DATASET = "mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { dataset { name } } }";
    private static final String VERSION = "mutation($i: RegisterDatasetVersionInput!) "
            + "{ registerDatasetVersion(input: $i) { receipt { position } } }";
    private static final String QUARANTINE = "mutation($i: QuarantineDatasetVersionInput!) "
            + "{ quarantineDatasetVersion(input: $i) { receipt { position } } }";
    private static final String REGISTER = "mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { id } }";
    private static final String DELIVERIES = "query($w: String!) { webhookDeliveries(webhook: $w, first: 500) "
            + "{ totalCount nodes { state attempts } } }";

    private WebhookBench() {
    }

    static void run(Path jar, String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int hooks = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (HangingReceiver receiver = new HangingReceiver();
             ServerProcess plain = ServerProcess.start(jar);
             ServerProcess hooked = ServerProcess.start(jar)) {
            Http plainHttp = new Http(plain);
            Http hookedHttp = new Http(hooked);
            List<String> webhooks = new ArrayList<>();
            for (int h = 0; h < hooks; h++) {
                webhooks.add(hookedHttp.graphQl("bench", REGISTER, Map.of("i", Map.of("url", receiver.url(h),
                        "events", List.of("DATASET_QUARANTINE", "DEPLOYMENT", "POLICY_REFUSAL", "ALERT"),
                        "secret", "bench-secret-0123456789abcdef0123456789")))
                        .at("/registerWebhook/id").asText());
            }
            Alternating.Times times = Alternating.time(count, warmUp, i -> quarantine(plainHttp, i),
                    i -> quarantine(hookedHttp, i));
            Stats plainStats = Stats.ofNanos(times.a());
            Stats hookedStats = Stats.ofNanos(times.b());
            System.out.printf("| server | quarantines | median | p99 |%n| --- | --- | --- | --- |%n");
            System.out.printf("| no webhook | %d | %.2f ms | %.2f ms |%n", count, plainStats.median(), plainStats.p99());
            System.out.printf("| %d webhooks at a hanging receiver | %d | %.2f ms | %.2f ms |%n", hooks, count,
                    hookedStats.median(), hookedStats.p99());
            System.out.printf("%nmedian ratio with / without: %.3f%n", hookedStats.median() / plainStats.median());
            int queued = 0;
            int pending = 0;
            int attempts = 0;
            for (String webhook : webhooks) {
                JsonNode page = hookedHttp.graphQl("bench", DELIVERIES, Map.of("w", webhook)).get("webhookDeliveries");
                queued += page.get("totalCount").asInt();
                for (JsonNode delivery : page.get("nodes")) {
                    pending += delivery.get("state").asText().equals("PENDING") ? 1 : 0;
                    attempts += delivery.get("attempts").asInt();
                }
            }
            System.out.printf("deliveries queued: %d, still pending: %d (of the newest 500 per webhook), attempts "
                    + "logged: %d; requests the receiver got: %d, answered: none%n", queued, pending, attempts,
                    receiver.received.get());
        }
    }

    private static long quarantine(Http http, int i) throws Exception {
        String name = "hooks/ds-" + (i < 0 ? "warm" + -i : String.valueOf(i));
        http.graphQl("bench", DATASET, Map.of("i", Map.of("name", name, "owner", "bench")));
        http.graphQl("bench", VERSION, Map.of("i", Map.of("dataset", name, "version", "v1",
                "location", "s3://bench/" + name, "digest", "sha256:" + "b".repeat(64))));
        long t0 = System.nanoTime();
        http.graphQl("bench", QUARANTINE, Map.of("i", Map.of("dataset", name, "version", "v1", "reason", "bench")));
        return System.nanoTime() - t0;
    }

    /** Accepts every request and never answers it, until closed. */
    private static final class HangingReceiver implements AutoCloseable {

        final AtomicInteger received = new AtomicInteger();
        private final CountDownLatch release = new CountDownLatch(1);
        private final HttpServer server;

        HangingReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                received.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
            server.start();
        }

        String url(int hook) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + hook;
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }
}
