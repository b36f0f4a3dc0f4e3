package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The MLflow API's two targets (docs/benchmarks.md): {@code runs/log-batch} of 1,000 metrics, and
 * {@code runs/search} with a metric filter and an order_by over an experiment of 100,000 runs.
 *
 * <p>The 100,000 runs are seeded as events in the store ({@link #seed}) and projected by the server's read
 * models. The timed requests then go through /api/2.0/mlflow/ one at a time: searches, answered from the MLflow
 * read model as soon as it applied the seed; then, once every read model applied the seed, log-batch, answered
 * once stored, back to back and alternating with a log-metric of one metric (the fixed cost of a write, measured
 * on the same machine at the same moment); then how long the read models took to apply the last write; then
 * log-batch followed by a read of its metrics, which waits until the MLflow read model applied the batch.
 */
final class MlflowBench {

    private static final String MLFLOW = "/api/2.0/mlflow/";
    private static final String ACTOR = "bench-mlflow";
    private static final int SEED_CHUNK = 1_000;

    private MlflowBench() {
    }

    static void run(Path jar, String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        // search: only the searches; write: only log-batch and log-metric; all (default): searches, then writes
        // once every read model applied the seed.
        String phase = args.length > 3 ? args[3] : "all";
        try (ServerProcess server = ServerProcess.start(jar)) {
            Http http = new Http(server);
            String experiment = post(http, "experiments/create", Map.of("name", "bench-" + System.nanoTime()))
                    .get("experiment_id").asText();
            long seedStart = System.nanoTime();
            long position = seed(server, experiment, runs);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            double caughtUp = catchUp(http, position);
            System.err.printf("seeded %,d runs in %.1f s, the MLflow read model caught up %.1f s later%n", runs,
                    seedSeconds, caughtUp / 1000);
            String behind = lags(http, position);

            System.out.printf("| scenario | n | median | p99 | max | target |%n| --- | --- | --- | --- | --- | --- |%n");
            if (!phase.equals("write")) {
                Stats search = search(http, experiment, samples, warmUp, 100);
                Stats searchAll = search(http, experiment, samples / 4, warmUp / 4, 1000);
                System.out.printf("| runs/search over %,d runs, metric filter + order_by, max_results 100 | %d | "
                        + "%.2f ms | %.2f ms | %.2f ms | p99 < 200 ms |%n", runs, search.n(), search.median(),
                        search.p99(), search.max());
                System.out.printf("| the same, max_results 1000 | %d | %.2f ms | %.2f ms | %.2f ms | |%n",
                        searchAll.n(), searchAll.median(), searchAll.p99(), searchAll.max());
            }
            if (!phase.equals("search")) {
                // The others must have applied the seed first, so the writes do not meet a catch-up beside them.
                PredictionBench.catchUp(http, position, System.nanoTime());
                Stats[] writes = logBatch(http, experiment, samples, warmUp);
                System.out.printf("| runs/log-batch, 1,000 metrics, back to back | %d | %.2f ms | %.2f ms | "
                        + "%.2f ms | p99 < 50 ms |%n", writes[0].n(), writes[0].median(), writes[0].p99(), writes[0].max());
                System.out.printf("| runs/log-metric, 1 metric (alternating with the above) | %d | "
                        + "%.2f ms | %.2f ms | %.2f ms | |%n", writes[1].n(), writes[1].median(), writes[1].p99(),
                        writes[1].max());
                // A log is answered once stored, and an MLflow read waits for the MLflow read model to apply every
                // log stored before it; the others (GraphQL's run read model, the audit trail) follow. How far
                // behind they were at the last answer, and when they had all applied it:
                long lastAck = System.nanoTime();
                long last = position(http, "mlflow-read-model");
                String lagging = lags(http, last);
                double allApplied = PredictionBench.catchUp(http, last, lastAck);
                System.out.printf("after the last write: behind it (events) %s; every read model applied it %.0f ms "
                        + "later%n", lagging, allApplied);
                Stats readable = logThenRead(http, experiment, samples, warmUp);
                System.out.printf("| runs/log-batch, 1,000 metrics, then metrics/get-history of the run (the read "
                        + "waits until the batch is applied) | %d | %.2f ms | %.2f ms | %.2f ms | |%n", readable.n(),
                        readable.median(), readable.p99(), readable.max());
                System.out.printf("%nlog-batch / log-metric medians: %.2f%n", writes[0].median() / writes[1].median());
            }
            System.out.printf("%nseeding: %,d runs (%,d events) in %.1f s, the MLflow read model caught up %.1f s "
                    + "after; still to project when the timed requests began: %s%n", runs, 2 * runs, seedSeconds,
                    caughtUp / 1000, behind);
        }
    }

    /**
     * Waits until the MLflow read model, which the timed search reads, has applied the seed; the others may still
     * be projecting it (the run read model keeps a history per change and takes far longer on a shared machine),
     * so the timed requests meet a busier server than a caught-up one: the figures err on the slow side.
     */
    private static double catchUp(Http http, long position) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            for (JsonNode projection : http.get("/actuator/projections").get("projections")) {
                if ("mlflow-read-model".equals(projection.path("name").asText())
                        && projection.path("position").asLong() >= position) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            }
            Thread.sleep(500);
        }
    }

    private static long position(Http http, String readModel) throws Exception {
        for (JsonNode projection : http.get("/actuator/projections").get("projections")) {
            if (readModel.equals(projection.path("name").asText())) {
                return projection.path("position").asLong();
            }
        }
        throw new IllegalStateException("no read model " + readModel);
    }

    /** How many events up to {@code position} each read model still has to apply, e.g. {run-read-model=120000}. */
    private static String lags(Http http, long position) throws Exception {
        Map<String, Long> behind = new java.util.TreeMap<>();
        for (JsonNode projection : http.get("/actuator/projections").get("projections")) {
            long left = position - projection.path("position").asLong();
            if (left > 0) {
                behind.put(projection.path("name").asText(), left);
            }
        }
        return behind.isEmpty() ? "none" : behind.toString();
    }

    /**
     * Writes each run's {@code RunStarted} (in the experiment, with its parameters, by the bench's actor) and
     * {@code MetricsLogged} (auc and loss at step 0) straight into the server's event table, in their stored
     * form (the store-contract fixtures pin it), and answers the newest position. These are the events an MLflow
     * client's runs/create and log-batch record; the server's read models project them as any others. A request
     * per run would take hours on this machine for a read benchmark that needs only the read model built.
     */
    private static long seed(ServerProcess server, String experiment, int runs) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            c.setAutoCommit(false);
            // A few thousand events per transaction, as in PredictionBench.seedPerPredictionEvents: the server's
            // processors track a transaction's uncommitted positions as gaps, and Axon keeps at most 10,000 of them.
            for (int from = 0; from < runs; from += SEED_CHUNK) {
                CopyRows copy = new CopyRows(c, "COPY domain_event_entry "
                        + "(event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type, "
                        + "payload, meta_data) FROM STDIN");
                int to = Math.min(runs, from + SEED_CHUNK);
                for (int i = from; i < to; i++) {
                    String run = "bench" + i;
                    String started = "{\"run\":\"" + run + "\",\"experiment\":\"" + experiment + "\",\"code\":null,"
                            + "\"inputs\":[],\"hyperparameters\":{\"depth\":\"" + (i % 10) + "\",\"lr\":\"0.1\"},"
                            + "\"environment\":null,\"startedBy\":\"" + ACTOR + "\"}";
                    String metrics = "{\"run\":\"" + run + "\",\"metrics\":[{\"name\":\"auc\",\"value\":"
                            + random.nextDouble() + ",\"step\":0,\"timestamp\":\"2026-01-15T09:00:00Z\"},{\"name\":"
                            + "\"loss\",\"value\":" + random.nextDouble() + ",\"step\":0,\"timestamp\":"
                            + "\"2026-01-15T09:00:00Z\"}]}";
                    row(copy.row(), run, 0, "io.custody.events.run.RunStarted", started);
                    row(copy.row(), run, 1, "io.custody.events.run.MetricsLogged", metrics);
                    copy.rowDone();
                }
                copy.finish();
                c.commit();
                if (to % 10_000 == 0 || to == runs) {
                    System.err.printf("seeded %,d of %,d runs%n", to, runs);
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT max(global_index) FROM domain_event_entry")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void row(StringBuilder chunk, String run, int sequence, String type, String payload) {
        chunk.append(UUID.randomUUID()).append("\trun:").append(run).append('\t').append(sequence).append("\tRun\t")
                .append(Instant.now()).append('\t').append(type).append("\t\\\\x")
                .append(HexFormat.of().formatHex(payload.getBytes(StandardCharsets.UTF_8))).append("\t\\\\x")
                .append(METADATA).append('\n');
    }

    private static final String METADATA = HexFormat.of().formatHex(("{\"actor\":\"" + ACTOR
            + "\",\"sourceSystem\":\"mlflow\",\"correlationId\":\"" + UUID.randomUUID() + "\"}")
            .getBytes(StandardCharsets.UTF_8));

    /** Log-batches of 1,000 metrics alternating with log-metrics of one; answers both samples. */
    private static Stats[] logBatch(Http http, String experiment, int samples, int warmUp) throws Exception {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(post(http, "runs/create", Map.of("experiment_id", experiment)).at("/run/info/run_id").asText());
        }
        long[] batches = new long[samples];
        long[] singles = new long[samples];
        for (int s = -warmUp; s < samples; s++) {
            int step = s + warmUp;
            String run = runs.get(Math.floorMod(s, runs.size()));
            List<Map<String, Object>> metrics = new ArrayList<>(1000);
            for (int k = 0; k < 1000; k++) {
                metrics.add(Map.of("key", "metric_" + (k % 50), "value", k * 0.001, "timestamp",
                        1_700_000_000_000L + step, "step", step * 20 + k / 50));
            }
            long batch = timed(http, "runs/log-batch", Map.of("run_id", run, "metrics", metrics));
            long single = timed(http, "runs/log-metric", Map.of("run_id", run, "key", "single", "value", step,
                    "timestamp", 1_700_000_000_000L + step, "step", step));
            if (s >= 0) {
                batches[s] = batch;
                singles[s] = single;
            }
        }
        return new Stats[]{Stats.ofNanos(batches), Stats.ofNanos(singles)};
    }

    /**
     * A log-batch of 1,000 metrics and then a read of one of its metrics' history, timed together: from sending
     * the batch to reading it back, which is what a client that reads what it logged waits.
     */
    private static Stats logThenRead(Http http, String experiment, int samples, int warmUp) throws Exception {
        String run = post(http, "runs/create", Map.of("experiment_id", experiment)).at("/run/info/run_id").asText();
        long[] nanos = new long[samples];
        for (int s = -warmUp; s < samples; s++) {
            int step = s + warmUp;
            List<Map<String, Object>> metrics = new ArrayList<>(1000);
            for (int k = 0; k < 1000; k++) {
                metrics.add(Map.of("key", "metric_" + (k % 50), "value", k * 0.001, "timestamp",
                        1_700_000_000_000L + step, "step", step * 20 + k / 50));
            }
            long t0 = System.nanoTime();
            timed(http, "runs/log-batch", Map.of("run_id", run, "metrics", metrics));
            JsonNode history = http.get(MLFLOW + "metrics/get-history?run_id=" + run + "&metric_key=metric_49");
            long took = System.nanoTime() - t0;
            JsonNode observations = history.get("metrics");
            if (observations == null || observations.size() != 20 * (step + 1)) {
                throw new IllegalStateException("the history read right after log-batch " + step + " holds "
                        + (observations == null ? history : observations.size()) + " observations, not "
                        + 20 * (step + 1));
            }
            if (s >= 0) {
                nanos[s] = took;
            }
        }
        return Stats.ofNanos(nanos);
    }

    private static long timed(Http http, String path, Map<String, Object> body) throws Exception {
        String json = Http.JSON.writeValueAsString(body);
        long t0 = System.nanoTime();
        HttpResponse<String> reply = http.post(MLFLOW + path, "application/json", ACTOR, json);
        long took = System.nanoTime() - t0;
        check(reply);
        return took;
    }

    private static Stats search(Http http, String experiment, int samples, int warmUp, int maxResults) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long[] nanos = new long[samples];
        for (int s = -warmUp; s < samples; s++) {
            String threshold = String.format("%.2f", 0.1 + random.nextDouble() * 0.8);
            Map<String, Object> body = Map.of("experiment_ids", List.of(experiment),
                    "filter", "metrics.auc > " + threshold + " AND params.depth = '" + random.nextInt(10) + "'",
                    "order_by", List.of("metrics.auc DESC"), "max_results", maxResults);
            String json = Http.JSON.writeValueAsString(body);
            long t0 = System.nanoTime();
            HttpResponse<String> reply = http.post(MLFLOW + "runs/search", "application/json", ACTOR, json);
            long took = System.nanoTime() - t0;
            check(reply);
            if (Http.JSON.readTree(reply.body()).path("runs").isEmpty()) {
                throw new IllegalStateException("the search found no runs: " + reply.body());
            }
            if (s >= 0) {
                nanos[s] = took;
            }
        }
        return Stats.ofNanos(nanos);
    }



    private static JsonNode post(Http http, String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> reply = http.post(MLFLOW + path, "application/json", ACTOR,
                Http.JSON.writeValueAsString(body));
        check(reply);
        return Http.JSON.readTree(reply.body());
    }

    private static void check(HttpResponse<String> reply) {
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(reply.uri() + " answered " + reply.statusCode() + ": " + reply.body());
        }
    }
}
