package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;


import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lineage graph at scale, in two parts.
 *
 * <ol>
 * <li><b>OpenLineage ingest.</b> {@code events} RunEvents posted to {@code /api/v1/lineage} in parallel,
 * as an orchestrator would: each a job run (COMPLETE) that reads three dataset versions and writes one
 * new one, so each adds two nodes and six edges (RAN, 3 INPUT_TO, PRODUCED, HAS_VERSION). Runs are
 * spread over pipelines ({@code domains}); a run reads recent outputs of its own pipeline, its first
 * runs the pipeline's source dataset. Reports events/s and when the read models had caught up.</li>
 * <li><b>Graph size.</b> The graph is then grown to {@code nodes} nodes (default 100,000; about three
 * edges per node) by a direct generator: rows of the same shape written with PostgreSQL COPY straight
 * into the read model's tables of the server's own database, in a namespace of their own. It exists
 * because building 100,000 nodes through the full write path takes long on a small shared machine; the
 * ingest figure above is the write path's. Queries cannot tell the generated rows from ingested ones.</li>
 * </ol>
 * Then: depth-5 DOWNSTREAM lineage from random dataset versions, and full impact from pipeline sources
 * (each reaching its whole pipeline), over GraphQL. Between the two parts, the same number of RunEvents
 * again (new runs of the same pipelines) through {@code /api/v1/lineage/batch}, {@code batchSize} a request
 * (fifth argument, default 100; 0 skips it).
 */
final class LineageBench {

    /**
     * Single events skip read-your-writes by default, as a collector would; {@code -Dcustody.bench.wait=true}
     * measures what OpenLineage clients see, which send no parameter and so wait for the read models.
     */
    private static final String SINGLE_PATH = Boolean.getBoolean("custody.bench.wait") ? "/api/v1/lineage"
            : "/api/v1/lineage?wait=false";

    private LineageBench() {
    }

    static void run(Path jar, String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int domains = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int inputs = 3;
        // -Dcustody.bench.ingest-only=true: the scale-out split. The server ingests with its processors off
        // (custody.processing.enabled=false, an ingest instance); then it is restarted on the same data with
        // them on (a projecting instance) and timed while it projects everything from the first event.
        boolean ingestOnly = Boolean.getBoolean("custody.bench.ingest-only");
        ServerProcess server = ingestOnly ? ServerProcess.start(jar, "--custody.processing.enabled=false")
                : ServerProcess.start(jar);
        try {
            Http http = new Http(server);
            // -Dcustody.bench.single-warmup-events=N first sends N single RunEvents, not measured, so that the
            // single phase measures a warm server rather than the JIT compiler's first minutes.
            int singleWarmup = Integer.getInteger("custody.bench.single-warmup-events", 0);
            if (singleWarmup > 0) {
                Ingest warm = ingest(http, 0, singleWarmup, concurrency, domains, 0.0, inputs);
                if (!ingestOnly) {
                    PredictionBench.catchUp(http, warm.lastPosition, warm.lastAck);
                }
            }
            long singleServer0 = server.cpuMillis();
            long singlePostgres0 = server.postgresCpuMillis();
            long singleMachine0 = ServerProcess.machineBusyMillis();
            Ingest ingest = ingest(http, singleWarmup, events, concurrency, domains, 0.0, inputs);
            double catchUpMs = ingestOnly ? 0 : PredictionBench.catchUp(http, ingest.lastPosition, ingest.lastAck);
            double singleServerPerEvent = (server.cpuMillis() - singleServer0) / (double) events;
            double singlePostgresPerEvent = (server.postgresCpuMillis() - singlePostgres0) / (double) events;
            double singleMachinePerEvent = (ServerProcess.machineBusyMillis() - singleMachine0) / (double) events;
            // -Dcustody.bench.batch-events=N sends N RunEvents through the batch endpoint instead (e.g. to profile it).
            int batchEvents = Integer.getInteger("custody.bench.batch-events", events);
            // -Dcustody.bench.warmup-events=N first sends N batched RunEvents, not measured: on a small machine the
            // JIT compiler takes a fifth to a third of the server's CPU for the first minutes of a fresh JVM.
            int warmup = batchSize > 0 ? Integer.getInteger("custody.bench.warmup-events", 0) : 0;
            if (warmup > 0) {
                Ingest warm = ingestBatches(http, singleWarmup + events, warmup, batchSize, concurrency, domains, inputs);
                if (!ingestOnly) {
                    PredictionBench.catchUp(http, warm.lastPosition, warm.lastAck);
                }
            }
            long serverCpu0 = server.cpuMillis();
            long postgres0 = server.postgresCpuMillis();
            long machine0 = ServerProcess.machineBusyMillis();
            long client0 = ServerProcess.ownCpuMillis();
            Ingest batches = batchSize > 0 ? ingestBatches(http, singleWarmup + events + warmup, batchEvents, batchSize,
                    concurrency, domains, inputs) : null;
            double batchCatchUpMs = batches == null || ingestOnly ? 0 : PredictionBench.catchUp(http,
                    batches.lastPosition, batches.lastAck);
            // Batch phase, catch-up included; the rest of the machine is PostgreSQL and this bench process.
            double serverCpuPerEvent = (server.cpuMillis() - serverCpu0) / (double) batchEvents;
            double postgresPerEvent = (server.postgresCpuMillis() - postgres0) / (double) batchEvents;
            double machinePerEvent = (ServerProcess.machineBusyMillis() - machine0) / (double) batchEvents;
            double clientPerEvent = (ServerProcess.ownCpuMillis() - client0) / (double) batchEvents;
            Projecting projecting = null;
            if (ingestOnly) {
                long head = Math.max(ingest.lastPosition, batches == null ? -1 : batches.lastPosition);
                server.close();
                server = ServerProcess.start(jar, server.dataDir);
                http = new Http(server);
                projecting = project(server, http, head,
                        singleWarmup + events + warmup + (batches == null ? 0 : batchEvents));
            }
            long[] ingested = graphSize(server);
            int generatedRuns = Math.max(0, (int) ((nodes - ingested[0] - 1_500 - domains) / 2));
            double generateSeconds = LineageGraphSeed.generate(server, generatedRuns, domains, inputs);
            long[] graph = graphSize(server);
            Stats lineage = lineageQueries(http, generatedRuns, events, 300);
            Impacts impact = impacts(http, domains, Math.min(domains, 20), generatedRuns > 0);
            System.out.println();
            System.out.println("| what | figure |");
            System.out.println("| --- | --- |");
            System.out.printf("| OpenLineage RunEvents (COMPLETE, %d inputs + 1 output each) | %,d, %d in flight |%n",
                    inputs, events, concurrency);
            System.out.printf("| accepted / retried-then-accepted / failed | %,d / %,d / %,d |%n",
                    ingest.accepted.get(), ingest.retried.get(), ingest.failed.get());
            System.out.printf("| ingest rate | %,.0f events/s |%n", ingest.rate);
            System.out.printf("| event latency median / p99 | %.1f / %.1f ms |%n", ingest.latency.median(),
                    ingest.latency.p99());
            System.out.printf("| read models caught up after last ack | %,.0f ms |%n", catchUpMs);
            System.out.printf("| CPU per single RunEvent (catch-up included): server JVM / its PostgreSQL / whole machine "
                    + "| %.2f / %.2f / %.2f ms |%n", singleServerPerEvent, singlePostgresPerEvent, singleMachinePerEvent);
            if (batches != null) {
                System.out.printf("| the same RunEvents (%,d more%s) to /api/v1/lineage/batch, %d a batch, %d batches "
                        + "in flight | %,d accepted / %,d retried batches / %,d failed |%n", batchEvents,
                        warmup > 0 ? ", after %,d unmeasured".formatted(warmup) : "", batchSize,
                        concurrency, batches.accepted.get(), batches.retried.get(), batches.failed.get());
                System.out.printf("| batch ingest rate | %,.0f events/s |%n", batches.rate);
                System.out.printf("| batch latency median / p99 | %.1f / %.1f ms |%n", batches.latency.median(),
                        batches.latency.p99());
                System.out.printf("| read models caught up after last batch ack | %,.0f ms |%n", batchCatchUpMs);
                System.out.printf("| CPU per batched RunEvent: server JVM (Elasticsearch included) / its PostgreSQL / "
                        + "whole machine (of which this bench client) | %.2f / %.2f / %.2f (%.2f) ms |%n",
                        serverCpuPerEvent, postgresPerEvent, machinePerEvent, clientPerEvent);
            }
            if (projecting != null) {
                System.out.printf("| ingest instance (processors off): read models projected afterwards by a "
                        + "projecting instance started on the stored events | the last %,d RunEvents in %.1f s: %,.0f RunEvents/s; "
                        + "CPU per RunEvent server / machine %.2f / %.2f ms |%n", projecting.runEvents(),
                        projecting.seconds(), projecting.runEvents() / projecting.seconds(),
                        projecting.serverCpuPerEvent(), projecting.machinePerEvent());
            }
            System.out.printf("| graph after ingest | %,d nodes, %,d edges |%n", ingested[0], ingested[1]);
            System.out.printf("| graph after the generator (%,d job runs in %.1f s) | %,d nodes, %,d edges |%n",
                    generatedRuns, generateSeconds, graph[0], graph[1]);
            System.out.printf("| lineage(depth: 5, DOWNSTREAM) from a random dataset version, %d queries | "
                    + "median %.1f ms, p99 %.1f ms, max %.1f ms |%n", lineage.n(), lineage.median(), lineage.p99(),
                    lineage.max());
            System.out.printf("| impact(dataset:, version:) from a pipeline source, %d queries | median %.1f ms, "
                    + "p99 %.1f ms, max %.1f ms; %,d nodes reached on average (max %,d) |%n", impact.latency.n(),
                    impact.latency.median(), impact.latency.p99(), impact.latency.max(), impact.meanReached,
                    impact.maxReached);
        } finally {
            server.close();
        }
    }

    private record Projecting(int runEvents, double seconds, double serverCpuPerEvent, double machinePerEvent) {
    }

    /**
     * Times a freshly started projecting instance until every read model is at {@code head}. Its processors
     * start before it answers health checks, so the clock starts at its first answer and counts only what
     * the slowest read model still had to do then: the RunEvents in proportion to the positions.
     */
    private static Projecting project(ServerProcess server, Http http, long head, int runEvents) throws Exception {
        long cpu0 = server.cpuMillis();
        long machine0 = ServerProcess.machineBusyMillis();
        long t0 = System.nanoTime();
        long slowest = Long.MAX_VALUE;
        for (JsonNode projection : http.get("/actuator/projections").get("projections")) {
            slowest = Math.min(slowest, projection.get("position").asLong());
        }
        double ms = PredictionBench.catchUp(http, head, t0);
        // At least one, so that an instance that caught up before its first answer still reports figures.
        int remaining = Math.max(1, (int) Math.round(runEvents * (head - Math.max(slowest, -1)) / (double) (head + 1)));
        return new Projecting(remaining, ms / 1000, (server.cpuMillis() - cpu0) / (double) remaining,
                (ServerProcess.machineBusyMillis() - machine0) / (double) remaining);
    }

    private record Ingest(double rate, Stats latency, long lastPosition, long lastAck, AtomicLong accepted,
                          AtomicLong retried, AtomicLong failed) {
    }

    static String source(int domain) {
        return "bench/source-" + domain;
    }

    static String dataset(int run) {
        return "bench/ds-" + (run % 1000);
    }

    static String event(int i, int domains, double cross, int inputs, SplittableRandom random) {
        int domain = i % domains;
        StringBuilder in = new StringBuilder();
        for (int k = 0; k < inputs; k++) {
            // Recent outputs of the same pipeline: i - domains * j, j in 1..50.
            int j = 1 + random.nextInt(50);
            int from = i - domains * j;
            if (cross > 0 && k == 0 && random.nextDouble() < cross) {
                from = random.nextInt(Math.max(1, i));
            }
            String name;
            String version;
            if (from < 0) {
                name = source(domain);
                version = "v1";
            } else {
                name = dataset(from);
                version = "v" + from;
            }
            if (k > 0) {
                in.append(',');
            }
            in.append("{\"namespace\":\"bench\",\"name\":\"").append(name.substring("bench/".length()))
                    .append("\",\"facets\":{\"version\":{\"datasetVersion\":\"").append(version).append("\"}}}");
        }
        return "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-01-15T09:00:00Z\",\"producer\":\"custody-bench\","
                + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                + "\"run\":{\"runId\":\"" + new UUID(0x0190f8a27c1e7d4bL, 0x9a53000000000000L | i) + "\"},"
                + "\"job\":{\"namespace\":\"bench\",\"name\":\"job-" + (i % 500) + "\"},"
                + "\"inputs\":[" + in + "],"
                + "\"outputs\":[{\"namespace\":\"bench\",\"name\":\"" + dataset(i).substring("bench/".length())
                + "\",\"facets\":{\"version\":{\"datasetVersion\":\"v" + i + "\"}}}]}";
    }

    static Ingest ingest(Http http, int first, int runs, int concurrency, int domains, double cross, int inputs)
            throws Exception {
        long[] latencies = new long[runs];
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong highest = new AtomicLong(-1);
        AtomicLong lastAck = new AtomicLong();
        long t0 = System.nanoTime();
        Parallel.run(concurrency, () -> {
            for (int n = next.getAndIncrement(); n < runs; n = next.getAndIncrement()) {
                int i = first + n;
                String body = event(i, domains, cross, inputs, new SplittableRandom(i * 31L + 7));
                long start = System.nanoTime();
                HttpResponse<String> response = postRetrying(http, SINGLE_PATH, body, retried);
                long end = System.nanoTime();
                latencies[n] = end - start;
                if (response.statusCode() != 201 && response.statusCode() != 200) {
                    failed.incrementAndGet();
                    System.err.println("event " + i + " answered " + response.statusCode() + ": " + response.body());
                    continue;
                }
                accepted.incrementAndGet();
                JsonNode reply = Http.JSON.readTree(response.body());
                highest.accumulateAndGet(reply.get("position").asLong(), Math::max);
                lastAck.accumulateAndGet(end, Math::max);
                if (n > 0 && n % 5000 == 0) {
                    System.err.printf("%,d events in %.0f s%n", n, (end - t0) / 1e9);
                }
            }
        });
        double seconds = (lastAck.get() - t0) / 1e9;
        System.err.printf("ingest: %,d events in %.1f s%n", runs, seconds);
        return new Ingest(accepted.get() / seconds, Stats.ofNanos(latencies), highest.get(), lastAck.get(), accepted,
                retried, failed);
    }

    /**
     * RunEvents {@code first .. first + runs - 1}, the same shape as {@link #ingest}, posted to
     * {@code /api/v1/lineage/batch} as JSON arrays of {@code batchSize}, {@code concurrency} batches in flight.
     * Latencies are per batch.
     */
    static Ingest ingestBatches(Http http, int first, int runs, int batchSize, int concurrency, int domains,
                                int inputs) throws Exception {
        int batchCount = (runs + batchSize - 1) / batchSize;
        long[] latencies = new long[batchCount];
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong highest = new AtomicLong(-1);
        AtomicLong lastAck = new AtomicLong();
        long t0 = System.nanoTime();
        Parallel.run(concurrency, () -> {
            for (int b = next.getAndIncrement(); b < batchCount; b = next.getAndIncrement()) {
                StringBuilder body = new StringBuilder("[");
                int from = first + b * batchSize;
                int to = Math.min(first + runs, from + batchSize);
                for (int i = from; i < to; i++) {
                    body.append(i > from ? "," : "").append(event(i, domains, 0.0, inputs,
                            new SplittableRandom(i * 31L + 7)));
                }
                String json = body.append(']').toString();
                long start = System.nanoTime();
                HttpResponse<String> response = postRetrying(http, "/api/v1/lineage/batch", json, retried);
                long end = System.nanoTime();
                latencies[b] = end - start;
                if (response.statusCode() != 200) {
                    failed.addAndGet(to - from);
                    System.err.println("batch " + b + " answered " + response.statusCode() + ": " + response.body());
                    continue;
                }
                JsonNode reply = Http.JSON.readTree(response.body());
                accepted.addAndGet(reply.get("accepted").asLong() + reply.get("duplicate").asLong());
                failed.addAndGet(reply.get("rejected").asLong());
                if (reply.get("rejected").asLong() > 0) {
                    System.err.println("batch " + b + " rejected items: " + response.body());
                }
                highest.accumulateAndGet(reply.get("position").asLong(), Math::max);
                lastAck.accumulateAndGet(end, Math::max);
            }
        });
        double seconds = (lastAck.get() - t0) / 1e9;
        System.err.printf("batch ingest: %,d events in %.1f s%n", runs, seconds);
        return new Ingest(accepted.get() / seconds, Stats.ofNanos(latencies), highest.get(), lastAck.get(), accepted,
                retried, failed);
    }

    /** Posts, and posts again (up to five times in all) while the answer is 409, counting each retry. */
    static HttpResponse<String> postRetrying(Http http, String path, String body, AtomicLong retried)
            throws Exception {
        HttpResponse<String> response = http.post(path, "application/json", "bench", body);
        for (int attempts = 1; response.statusCode() == 409 && attempts < 5; attempts++) {
            retried.incrementAndGet();
            response = http.post(path, "application/json", "bench", body);
        }
        return response;
    }

    static long[] graphSize(ServerProcess server) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(server.jdbcUrl()); var s = c.createStatement()) {
            long nodes;
            long edges;
            try (var rs = s.executeQuery("SELECT count(*) FROM rm_lineage_node")) {
                rs.next();
                nodes = rs.getLong(1);
            }
            try (var rs = s.executeQuery("SELECT count(*) FROM rm_lineage_edge")) {
                rs.next();
                edges = rs.getLong(1);
            }
            s.execute("ANALYZE rm_lineage_node");
            s.execute("ANALYZE rm_lineage_edge");
            return new long[]{nodes, edges};
        }
    }

    private static final String LINEAGE = """
            query($node: String!) { lineage(node: $node, direction: DOWNSTREAM, depth: 5) {
                nodes { id kind } edges { from to kind } } }""";

    static Stats lineageQueries(Http http, int generatedRuns, int events, int samples) throws Exception {
        Random random = new Random(7);
        java.util.function.Supplier<String> pick = () -> generatedRuns > 0
                ? LineageGraphSeed.generated(random.nextInt(generatedRuns))
                : node(random.nextInt(events));
        for (int i = 0; i < 20; i++) {
            http.graphQl("bench", LINEAGE, Map.of("node", pick.get()));
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            String node = pick.get();
            long t0 = System.nanoTime();
            JsonNode data = http.graphQl("bench", LINEAGE, Map.of("node", node));
            nanos[i] = System.nanoTime() - t0;
            if (data.get("lineage").isNull()) {
                throw new IllegalStateException("no lineage for " + node);
            }
        }
        return Stats.ofNanos(nanos);
    }

    static String node(int run) {
        return "datasetVersion:" + dataset(run) + "@v" + run;
    }

    private record Impacts(Stats latency, long meanReached, long maxReached) {
    }

    private static final String IMPACT = """
            query($ds: String!) { impact(dataset: $ds, version: "v1") {
                reachedCount runs { node { id } path } modelVersions { node { id } path }
                liveDeployments { node { id } path } } }""";

    static Impacts impacts(Http http, int domains, int samples, boolean generated) throws Exception {
        java.util.function.IntFunction<String> root = d -> generated ? "gen/source-" + d : source(d);
        http.graphQl("bench", IMPACT, Map.of("ds", root.apply(0)));
        long[] nanos = new long[samples];
        long total = 0;
        long max = 0;
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            JsonNode data = http.graphQl("bench", IMPACT, Map.of("ds", root.apply(i % domains)));
            nanos[i] = System.nanoTime() - t0;
            long reached = data.get("impact").get("reachedCount").asLong();
            total += reached;
            max = Math.max(max, reached);
        }
        return new Impacts(Stats.ofNanos(nanos), total / samples, max);
    }
}
