package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Predictions through {@code POST /api/v1/predictions} against the raw limit measured in the same run:
 * PostgreSQL COPY of as many rows shaped like the event table into the same database. Reports ingest
 * rate and its ratio to COPY, batch latency (median, p99), and how long after the last acknowledgement
 * every read model had caught up. With monitors, the predictions are spread over that many deployments, each
 * monitored on {@link #FEATURES} numeric features sent with every prediction; the run then shifts one feature
 * in a window of its own and reports how long after the window closed its alert was readable.
 */
final class PredictionBench {

    private static final String ENV = "production";
    private static final String SERVICE = "bench-api";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    static final int FEATURES = 20;
    /** The server's lateness allowance in the monitoring run, so a window closes soon after its end. */
    private static final Duration LATENESS = Duration.ofSeconds(10);

    private PredictionBench() {
    }

    private static String service(int index) {
        return index == 0 ? SERVICE : SERVICE + "-" + index;
    }

    static void run(Path jar, String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int monitors = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        // Features sent without monitors tell what parsing, digesting and sketching them costs on their own.
        boolean features = args.length > 4 ? Boolean.parseBoolean(args[4]) : monitors > 0;
        try (ServerProcess server = monitors == 0 ? ServerProcess.start(jar)
                : ServerProcess.start(jar, "--custody.monitoring.lateness=" + LATENESS)) {
            Http http = new Http(server);
            Lifecycle.deployModel(http, ENV, SERVICE);
            // -Dcustody.bench.warmup-predictions=N first sends N predictions of the same shape to deployments of their
            // own (monitored alike), not measured: on two cores the JIT compiler of a fresh JVM takes a third or more
            // of the server's CPU for its first minutes, which is not what a running server costs.
            int warmup = Integer.getInteger("custody.bench.warmup-predictions", 0);
            if (warmup > 0) {
                warmUp(http, warmup, batch, concurrency, monitors, features);
            }
            long copyMachine0 = ServerProcess.machineBusyMillis();
            long copyStart = System.nanoTime();
            double copyRate = copyBaseline(server, count);
            // How many of the machine's cores COPY keeps busy: one backend and this process, whatever the machine.
            long copyMachine = ServerProcess.machineBusyMillis() - copyMachine0;
            double copyCores = copyMachine / ((System.nanoTime() - copyStart) / 1e6);
            double copyMachinePer1k = copyMachine * 1000.0 / count;
            // The baseline is the predictions of the first minutes of the ingest below.
            Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            for (int m = 0; m < monitors; m++) {
                Monitors.create(http, ENV, service(m), m > 0, start);
            }
            Body[] bodies = bodies(count, batch, features);
            long serverCpu0 = server.cpuMillis();
            long machine0 = ServerProcess.machineBusyMillis();
            long postgres0 = server.postgresCpuMillis();
            long client0 = ServerProcess.ownCpuMillis();
            long ingestStart = System.nanoTime();
            Result ingest = ingest(http, bodies, concurrency, Math.max(1, monitors), PredictionBench::service);
            double catchUpMs = catchUp(http, ingest.lastPosition, ingest.lastAckNanos);
            double ingestCores = (ServerProcess.machineBusyMillis() - machine0) / ((System.nanoTime() - ingestStart) / 1e6);
            double serverCpuPer1k = (server.cpuMillis() - serverCpu0) * 1000.0 / count;
            double machinePer1k = (ServerProcess.machineBusyMillis() - machine0) * 1000.0 / count;
            double postgresPer1k = (server.postgresCpuMillis() - postgres0) * 1000.0 / count;
            double clientPer1k = (ServerProcess.ownCpuMillis() - client0) * 1000.0 / count;
            System.out.println();
            System.out.println("| what | figure |");
            System.out.println("| --- | --- |");
            System.out.printf("| predictions sent | %,d in batches of %,d, %d in flight, after %,d unmeasured |%n", count,
                    batch, concurrency, warmup);
            System.out.printf("| accepted / duplicate / rejected | %,d / %,d / %,d |%n", ingest.accepted.get(),
                    ingest.duplicate.get(), ingest.rejected.get());
            System.out.printf("| PostgreSQL COPY, event-table shape, same database | %,.0f rows/s |%n", copyRate);
            System.out.printf("| ingest rate | %,.0f predictions/s |%n", ingest.rate);
            System.out.printf("| ingest / COPY | %.2f |%n", ingest.rate / copyRate);
            System.out.printf("| batch latency median / p99 / max | %.1f / %.1f / %.1f ms |%n", ingest.latency.median(),
                    ingest.latency.p99(), ingest.latency.max());
            System.out.printf("| read models caught up after last ack | %.0f ms |%n", catchUpMs);
            if (monitors > 0) {
                System.out.printf("| monitors | %d deployments, %d numeric features each, window PT1M, lateness %s |%n",
                        monitors, FEATURES, LATENESS);
                System.out.printf("| alert readable after its window closed | %.0f ms |%n", alertDelay(http, start));
            }
            try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM domain_event_entry), "
                         + "(SELECT count(*) FROM rm_audit_trail), (SELECT count(*) FROM prediction_key), "
                         + "(SELECT count(*) FROM rm_prediction), (SELECT coalesce(sum(jsonb_array_length("
                         + "convert_from(payload, 'UTF8')::jsonb->'predictions')), 0) FROM domain_event_entry "
                         + "WHERE payload_type = 'io.custody.events.prediction.PredictionsRecorded')")) {
                rs.next();
                // A fast figure is worth nothing if a read model lost rows on the way. A request's accepted
                // predictions are one event, so the log holds about count / batch events.
                System.out.printf("| rows: events / audit trail / prediction keys / predictions read model / "
                        + "predictions inside the events | %,d / %,d / %,d / %,d / %,d |%n",
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
            // CPU per prediction, ingest and catch-up included: steadier than rates when the machine is shared.
            System.out.printf("| CPU per 1,000 predictions: server JVM / its PostgreSQL / bench client / whole machine "
                    + "| %.0f / %.0f / %.0f / %.0f ms |%n", serverCpuPer1k, postgresPer1k, clientPer1k, machinePer1k);
            // The ratio to COPY depends on the cores as much as on the code: COPY is one stream, ingest uses them all.
            System.out.printf("| cores busy: COPY / ingest, of %d | %.2f / %.2f |%n",
                    Runtime.getRuntime().availableProcessors(), copyCores, ingestCores);
            System.out.printf("| machine CPU per 1,000 rows: COPY / ingest | %.0f / %.0f ms |%n", copyMachinePer1k,
                    machinePer1k);
        }
    }

    /**
     * Writes {@code count} predictions straight into the server's event table, one event each, in the form
     * stores written before predictions were batched hold them ({@code PredictionRecorded}, stream
     * {@code prediction:<env>/<service>/<requestId>}, keys as migration V31 gives them), and answers the
     * newest position. A long history through the endpoints now takes a request per event (a request's
     * predictions are one event); the server's sealer and read models take these as they take any
     * other store's events, which is what the time-travel and audit benchmarks measure.
     */
    static long seedPerPredictionEvents(ServerProcess server, int count) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            c.setAutoCommit(false);
            long head = head(c);
            // Committed a few thousand at a time, as a store fills. The server appends meanwhile (the sealer's
            // checkpoints), and its processors track the rows a transaction holds uncommitted as gaps in their
            // tokens: Axon keeps at most 10,000 of them, skips rows below, and copies the set for every event.
            int reported = 0;
            for (int from = 0; from < count; from += SEED_CHUNK) {
                int to = Math.min(count, from + SEED_CHUNK);
                copyPredictionRows(c, "domain_event_entry", false, "seed-", from, to);
                try (java.sql.PreparedStatement st = c.prepareStatement("INSERT INTO prediction_key (environment, "
                        + "service, request_id, event_id) SELECT p->>'environment', p->>'service', p->>'requestId', "
                        + "event_identifier::uuid FROM (SELECT event_identifier, convert_from(payload, 'UTF8')::jsonb AS p "
                        + "FROM domain_event_entry WHERE global_index > ? AND aggregate_identifier LIKE 'prediction:%') "
                        + "legacy ON CONFLICT DO NOTHING")) {
                    st.setLong(1, head);
                    st.executeUpdate();
                }
                c.commit();
                head = head(c);
                if (to / 1_000_000 > reported || to == count) {
                    reported = to / 1_000_000;
                    System.err.printf("seeded %,d of %,d predictions%n", to, count);
                }
            }
            return head;
        }
    }

    private static final int SEED_CHUNK = 2_000;

    private static long head(Connection c) throws Exception {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** COPY into a table with the event table's columns and its three indexes, in the server's own database. */
    static double copyBaseline(ServerProcess server, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_copy");
                s.execute("CREATE TABLE bench_copy (LIKE domain_event_entry INCLUDING DEFAULTS INCLUDING INDEXES)");
                s.execute("ALTER TABLE bench_copy ALTER COLUMN global_index DROP DEFAULT");
            }
            long t0 = System.nanoTime();
            copyPredictionRows(c, "bench_copy", true, "copy-", 0, rows);
            double seconds = (System.nanoTime() - t0) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_copy");
            }
            double rate = rows / seconds;
            System.err.printf("COPY baseline: %,d rows in %.1f s = %,.0f rows/s%n", rows, seconds, rate);
            return rate;
        }
    }

    /**
     * COPYs rows {@code from} to {@code to} (exclusive) shaped like stored {@code PredictionRecorded} events into
     * {@code table}, with explicit positions from + 1 on when {@code positions} (else the table's sequence assigns them).
     */
    private static void copyPredictionRows(Connection c, String table, boolean positions, String requestIdPrefix,
                                           int from, int to) throws Exception {
        CopyRows copy = new CopyRows(c, "COPY " + table + " ("
                + (positions ? "global_index, " : "") + "event_identifier, aggregate_identifier, sequence_number, type, "
                + "time_stamp, payload_type, payload, meta_data) FROM STDIN");
        for (int i = from; i < to; i++) {
            String requestId = requestIdPrefix + i;
            StringBuilder row = copy.row();
            if (positions) {
                row.append(i + 1).append('\t');
            }
            row.append(UUID.randomUUID()).append('\t')
                    .append("prediction:").append(ENV).append('/').append(SERVICE).append('/').append(requestId)
                    .append("\t0\tPrediction\t").append(Instant.now()).append('\t')
                    .append("io.custody.events.prediction.PredictionRecorded").append("\t\\\\x")
                    .append(hex(payload(requestId))).append("\t\\\\x").append(hex(METADATA)).append('\n');
            copy.rowDone();
        }
        copy.finish();
    }

    private static final byte[] METADATA = ("{\"actor\":\"bench\",\"sourceSystem\":\"ingest\",\"correlationId\":\""
            + UUID.randomUUID() + "\",\"eventTime\":\"2026-01-15T09:00:00Z\"}").getBytes(StandardCharsets.UTF_8);

    private static byte[] payload(String requestId) {
        return ("{\"environment\":\"" + ENV + "\",\"service\":\"" + SERVICE + "\",\"requestId\":\"" + requestId
                + "\",\"modelVersion\":{\"model\":\"bench-model\",\"version\":1},\"predictedAt\":\""
                + Instant.now() + "\",\"featuresDigest\":\"" + DIGEST + "\",\"features\":null,"
                + "\"output\":{\"score\":0.73,\"label\":\"approve\"},\"explanation\":null}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** An NDJSON batch made ahead, with the offsets of its prediction times, all of one width (milliseconds, UTC). */
    record Body(byte[] bytes, int[] timeAt) {

        private static final java.time.format.DateTimeFormatter TIME =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
        private static final String PLACEHOLDER = TIME.format(Instant.EPOCH);

        static Body of(int from, int to, boolean features, java.util.Random random) {
            StringBuilder text = new StringBuilder((to - from) * (features ? 600 : 160));
            int[] timeAt = new int[to - from];
            for (int i = from; i < to; i++) {
                String line = features ? line("req-" + i, PLACEHOLDER, random, 0)
                        : "{\"requestId\":\"req-" + i + "\",\"time\":\"" + PLACEHOLDER + "\",\"featuresDigest\":\""
                                + DIGEST + "\",\"output\":{\"score\":0.73,\"label\":\"approve\"}}\n";
                // Lines are ASCII, so character offsets are byte offsets.
                timeAt[i - from] = text.length() + line.indexOf(PLACEHOLDER);
                text.append(line);
            }
            return new Body(text.toString().getBytes(StandardCharsets.US_ASCII), timeAt);
        }

        /** The body with every prediction made at {@code now}. */
        byte[] at(Instant now) {
            byte[] time = TIME.format(now).getBytes(StandardCharsets.US_ASCII);
            for (int offset : timeAt) {
                System.arraycopy(time, 0, bytes, offset, time.length);
            }
            return bytes;
        }
    }

    record Result(double rate, Stats latency, long lastPosition, long lastAckNanos, AtomicLong accepted,
                          AtomicLong duplicate, AtomicLong rejected) {
    }

    static Result ingest(Http http, int count, int batch, int concurrency) throws Exception {
        return ingest(http, count, batch, concurrency, 1, false);
    }

    /**
     * Sends {@code count} unmeasured predictions to deployments of their own, as many as the measured run has (each
     * monitored when it is), and waits for the read models.
     */
    private static void warmUp(Http http, int count, int batch, int concurrency, int monitors, boolean features)
            throws Exception {
        int services = Math.max(1, monitors);
        IntFunction<String> warm = index -> SERVICE + "-warm-" + index;
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int m = 0; m < services; m++) {
            if (monitors > 0) {
                Monitors.create(http, ENV, warm.apply(m), true, start);
            } else {
                Monitors.deploy(http, ENV, warm.apply(m));
            }
        }
        Result result = ingest(http, bodies(count, batch, features), concurrency, services, warm);
        catchUp(http, result.lastPosition, result.lastAckNanos);
    }

    /**
     * Sends one shifted window to the first monitored deployment, ten minutes ahead, then one prediction past its
     * end plus the lateness allowance, which closes it; answers the milliseconds from that acknowledgement until
     * the alert is readable through GraphQL.
     */
    private static double alertDelay(Http http, Instant start) throws Exception {
        Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(10));
        StringBuilder shifted = new StringBuilder();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 1000; i++) {
            shifted.append(line("shift-" + i, window.plusMillis(i * 50L).toString(), random, 3.0));
        }
        post(http, SERVICE, shifted.toString());
        String closing = line("close-0", window.plus(Duration.ofMinutes(1)).plus(LATENESS).plusSeconds(1).toString(),
                random, 0);
        post(http, SERVICE, closing);
        long closed = System.nanoTime();
        while (true) {
            JsonNode alerts = http.graphQl("deployer", "{ alerts(environment: \"" + ENV + "\", first: 50) { nodes "
                    + "{ service windowStart } } }", java.util.Map.of()).path("alerts").path("nodes");
            for (JsonNode a : alerts) {
                if (a.path("service").asText().equals(SERVICE) && a.path("windowStart").asText().startsWith(
                        window.toString().substring(0, 16))) {
                    return (System.nanoTime() - closed) / 1e6;
                }
            }
            if (System.nanoTime() - closed > 60_000_000_000L) {
                throw new IllegalStateException("no alert within 60 s of the window closing: " + alerts);
            }
            Thread.sleep(5);
        }
    }

    private static void post(Http http, String service, String body) throws Exception {
        HttpResponse<String> response = http.post("/api/v1/predictions?environment=" + ENV + "&service=" + service,
                "application/x-ndjson", "bench", body);
        if (response.statusCode() != 200 || response.body().contains("\"rejected\":1")) {
            throw new IllegalStateException("predictions answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** One prediction with {@link #FEATURES} features, normal around 0, the first moved by {@code shift}. */
    private static String line(String requestId, String time, java.util.Random random, double shift) {
        StringBuilder line = new StringBuilder(600).append("{\"requestId\":\"").append(requestId)
                .append("\",\"time\":\"").append(time).append("\",\"features\":{");
        for (int f = 0; f < FEATURES; f++) {
            double value = random.nextGaussian() + (f == 0 ? shift : 0);
            line.append(f == 0 ? "" : ",").append("\"f").append(f).append("\":")
                    .append(Math.round(value * 1000) / 1000.0);
        }
        return line.append("},\"output\":{\"score\":0.73,\"label\":\"approve\"}}\n").toString();
    }

    /**
     * Sends {@code count} predictions, round-robin over {@code services} deployments, each with {@link #FEATURES}
     * features when {@code features}, else with a features digest only.
     */
    static Result ingest(Http http, int count, int batch, int concurrency, int services, boolean features)
            throws Exception {
        return ingest(http, bodies(count, batch, features), concurrency, services, PredictionBench::service);
    }

    /**
     * The NDJSON bodies of {@code count} predictions in batches of {@code batch}, made before the clock starts:
     * generating 20 features a prediction is the client's work, and on the machine the server shares it would be
     * counted against the server. Each body's times are patched in when it is sent.
     */
    static Body[] bodies(int count, int batch, boolean features) {
        int batches = (count + batch - 1) / batch;
        Body[] bodies = new Body[batches];
        for (int b = 0; b < batches; b++) {
            bodies[b] = Body.of(b * batch, Math.min(count, b * batch + batch), features, new java.util.Random(b));
        }
        return bodies;
    }

    /** Sends the bodies, round-robin over {@code services} deployments, {@code concurrency} in flight. */
    static Result ingest(Http http, Body[] bodies, int concurrency, int services, IntFunction<String> service)
            throws Exception {
        int batches = bodies.length;
        long[] latencies = new long[batches];
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicate = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong highest = new AtomicLong(-1);
        AtomicLong lastAck = new AtomicLong();
        long t0 = System.nanoTime();
        Parallel.run(concurrency, () -> {
            for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                byte[] body = bodies[b].at(Instant.now());
                bodies[b] = null;
                long start = System.nanoTime();
                HttpResponse<String> response = http.post("/api/v1/predictions?environment=" + ENV + "&service="
                        + service.apply(b % services), "application/x-ndjson", "bench", body);
                long end = System.nanoTime();
                latencies[b] = end - start;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("batch " + b + " answered " + response.statusCode() + ": "
                            + response.body());
                }
                JsonNode reply = Http.JSON.readTree(response.body());
                accepted.addAndGet(reply.get("accepted").asLong());
                duplicate.addAndGet(reply.get("duplicate").asLong());
                rejected.addAndGet(reply.get("rejected").asLong());
                highest.accumulateAndGet(reply.get("position").asLong(), Math::max);
                lastAck.accumulateAndGet(end, Math::max);
            }
        });
        double seconds = (lastAck.get() - t0) / 1e9;
        System.err.printf("ingest: %,d predictions in %.1f s%n", accepted.get() + duplicate.get() + rejected.get(),
                seconds);
        return new Result(accepted.get() / seconds, Stats.ofNanos(latencies), highest.get(), lastAck.get(), accepted,
                duplicate, rejected);
    }

    /** Milliseconds from the last acknowledgement until every projection has passed the last position. */
    static double catchUp(Http http, long position, long lastAckNanos) throws Exception {
        java.util.Map<String, Double> reached = new java.util.TreeMap<>();
        while (true) {
            JsonNode status = http.get("/actuator/projections");
            boolean done = true;
            for (JsonNode projection : status.get("projections")) {
                String name = projection.path("name").asText(projection.path("processingGroup").asText("?"));
                if (projection.get("position").asLong() < position) {
                    done = false;
                } else {
                    reached.putIfAbsent(name, (System.nanoTime() - lastAckNanos) / 1e6);
                }
            }
            if (done) {
                // Which read model was last is what to work on next.
                System.err.println("caught up after the last ack (ms): " + reached);
                return (System.nanoTime() - lastAckNanos) / 1e6;
            }
            // Fine-grained for short waits; then coarser, so that polling (a status query on the server each
            // time) does not become a load of its own during a catch-up of many seconds.
            Thread.sleep(System.nanoTime() - lastAckNanos < 200_000_000L ? 5 : 50);
        }
    }
}
