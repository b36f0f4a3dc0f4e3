package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tamper evidence and rebuilds over a long history of {@code count} events: predictions one event each,
 * written straight into the event table in the form stores from before prediction batching hold
 * ({@link PredictionBench#seedPerPredictionEvents}; through the endpoint a request's predictions are one
 * event), then {@value #LIVE} predictions through {@code POST /api/v1/predictions} with the sealer on; then
 * <ul>
 *   <li>how far the sealer trails the ingest (it seals after the fact, never on the append path);</li>
 *   <li>{@code verify} of the whole log, over GraphQL in the server (median of 3) and as the command line
 *       in its own JVM against the running server's database;</li>
 *   <li>a rebuild of each of three read models: dataset (few handled events, the scan dominates),
 *       prediction (every event handled) and the search index.</li>
 * </ul>
 * With {@code compare-ingest}, a second server with the sealer off ingests the same live predictions, for the ratio.
 */
final class AuditBench {

    private static final String ENV = "production";
    private static final String SERVICE = "bench-api";
    /** Predictions sent through the endpoint after the seeded history, in batches of 1,000. */
    static final int LIVE = 200_000;
    private static final Pattern CLI_FIGURES = Pattern.compile("took ([\\d,]+) ms, ([\\d,]+) events/s");

    private AuditBench() {
    }

    static void run(Path jar, String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean compare = List.of(args).contains("compare-ingest");
        List<String> rows = new ArrayList<>();
        double sealedIngest;
        try (ServerProcess server = ServerProcess.start(jar)) {
            Http http = new Http(server);
            Lifecycle.deployModel(http, ENV, SERVICE);
            long t0 = System.nanoTime();
            int seeded = (int) Math.max(0, count - LIVE / 1_000 - head(http) - 1);
            long seededHead = PredictionBench.seedPerPredictionEvents(server, seeded);
            double sealSeedMs = awaitSealed(http, seededHead, System.nanoTime());
            double sealRate = seededHead / ((System.nanoTime() - t0) / 1e9);
            PredictionBench.catchUp(http, seededHead, System.nanoTime());
            PredictionBench.Result ingest = PredictionBench.ingest(http, LIVE, 1_000, 4);
            sealedIngest = ingest.rate();
            double sealLagMs = awaitSealed(http, ingest.lastPosition(), ingest.lastAckNanos());
            PredictionBench.catchUp(http, ingest.lastPosition(), ingest.lastAckNanos());
            long head = head(http);
            rows.add(String.format("| history | %,d events (%,d seeded predictions one event each, %,d predictions through "
                    + "the endpoint, lifecycle, checkpoints) |", head, seeded, LIVE));
            rows.add(String.format("| sealer over the seeded history | %,.0f events/s sealed (caught up %,.0f ms after the "
                    + "seed committed) |", sealRate, sealSeedMs));
            rows.add(String.format("| ingest with the sealer on | %,.0f predictions/s |", ingest.rate()));
            rows.add(String.format("| sealer caught up after the last ack | %,.0f ms |", sealLagMs));

            List<Double> rates = new ArrayList<>();
            List<Long> tooks = new ArrayList<>();
            JsonNode last = null;
            for (int i = 0; i < 3; i++) {
                last = http.graphQl("bench", "{ verify { ok events gaps checkpoints problemCount tookMillis eventsPerSecond } }",
                        Map.of()).get("verify");
                if (!last.get("ok").asBoolean()) {
                    throw new IllegalStateException("verify found problems: " + last);
                }
                rates.add(last.get("eventsPerSecond").asDouble());
                tooks.add(last.get("tookMillis").asLong());
            }
            rates.sort(Double::compare);
            tooks.sort(Long::compare);
            rows.add(String.format("| verify over GraphQL, whole log (median of 3) | %,d ms, %,.0f events/s; %d checkpoints recomputed |",
                    tooks.get(1), rates.get(1), last.get("checkpoints").asInt()));

            String[] cli = verifyCommandLine(jar, server.dataDir);
            rows.add(String.format("| verify command line, own JVM, whole log | %s ms, %s events/s (%.1f s with JVM start) |",
                    cli[0], cli[1], Double.parseDouble(cli[2])));

            for (String model : List.of("dataset-read-model", "prediction-read-model", "search-index")) {
                double[] r = rebuild(http, model);
                rows.add(String.format("| rebuild %s | %,.1f s for %,d positions, %,.0f events/s |", model, r[0],
                        (long) r[1], r[2]));
            }
        }
        if (compare) {
            try (ServerProcess server = ServerProcess.start(jar, "--custody.audit.sealer.enabled=false")) {
                Http http = new Http(server);
                Lifecycle.deployModel(http, ENV, SERVICE);
                PredictionBench.Result ingest = PredictionBench.ingest(http, LIVE, 1_000, 4);
                rows.add(3, String.format("| ingest with the sealer off (second server, same count) | %,.0f predictions/s; on/off %.2f |",
                        ingest.rate(), sealedIngest / ingest.rate()));
            }
        }
        System.out.println();
        System.out.println("| what | figure |");
        System.out.println("| --- | --- |");
        rows.forEach(System.out::println);
    }

    private static long head(Http http) throws Exception {
        return http.graphQl("bench", "{ about { head } }", Map.of()).get("about").get("head").asLong();
    }

    /** Milliseconds from the last acknowledgement until the sealer has sealed the last position. */
    private static double awaitSealed(Http http, long position, long lastAckNanos) throws Exception {
        while (true) {
            long sealed = http.graphQl("bench", "query($p: Long) { verify(from: $p, to: $p) { sealedThrough } }",
                    Map.of("p", position)).get("verify").get("sealedThrough").asLong();
            if (sealed >= position) {
                return (System.nanoTime() - lastAckNanos) / 1e6;
            }
            Thread.sleep(20);
        }
    }

    /** Runs {@code java -jar custody.jar verify} against the server's data directory: took ms, events/s, wall s. */
    private static String[] verifyCommandLine(Path jar, Path dataDir) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("java", "-jar", jar.toString(), "verify", "--custody.data-dir=" + dataDir)
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.lines().forEach(line -> out.append(line).append('\n'));
        }
        int code = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        System.err.print(out);
        Matcher m = CLI_FIGURES.matcher(out);
        if (code != 0 || !m.find()) {
            throw new IllegalStateException("verify command line exited " + code + ":\n" + out);
        }
        return new String[] {m.group(1), m.group(2), Double.toString(wall)};
    }

    /** Rebuilds a read model and waits: seconds, positions, events/s. */
    private static double[] rebuild(Http http, String model) throws Exception {
        long t0 = System.nanoTime();
        String id = http.graphQl("bench", "mutation($n: String!) { rebuildReadModel(name: $n) { id } }",
                Map.of("n", model)).get("rebuildReadModel").get("id").asText();
        while (true) {
            JsonNode s = http.graphQl("bench", "query($id: ID!) { rebuild(id: $id) { state position eventsPerSecond error } }",
                    Map.of("id", id)).get("rebuild");
            switch (s.get("state").asText()) {
                case "COMPLETED" -> {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.err.printf("rebuilt %s: %s%n", model, s);
                    return new double[] {seconds, s.get("position").asDouble(), s.get("eventsPerSecond").asDouble()};
                }
                case "FAILED" -> throw new IllegalStateException("rebuild of " + model + " failed: " + s.get("error"));
                default -> Thread.sleep(200);
            }
        }
    }
}
