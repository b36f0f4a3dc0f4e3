package io.custody.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cost growth with the size of the log: for each history size, a fresh server gets the time-travel
 * benchmark's history ({@link TimeTravelBench#build}: a churned fleet, then seeded predictions up to the
 * size, read models caught up), then answers the as-of queries and takes the prediction benchmark's ingest
 * ({@link PredictionBench#ingest}). Prints one row per size and the ratio of each figure to the first size's.
 */
final class GrowthBench {

    private static final int FLEET = 200;
    private static final int CHANGES = 100;

    private GrowthBench() {
    }

    /**
     * One size's figures. Server CPU per as-of query and per 1,000 predictions is the steadier measure of cost
     * when the machine is shared; latencies and rates move with whatever else runs.
     */
    record Point(long events, double buildSeconds, Map<String, Stats> asOf, double asOfCpuMs, double ingestRate,
                 Stats ingestLatency, double catchUpMs, double ingestCpuPer1k) {
    }

    static void run(Path jar, String[] args) throws Exception {
        long[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000,20000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int predictions = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        List<Point> points = new ArrayList<>();
        for (long size : sizes) {
            points.add(measure(jar, (int) size, predictions, samples));
            print(points, predictions);
        }
    }

    private static Point measure(Path jar, int size, int predictions, int samples) throws Exception {
        ServerProcess started = ServerProcess.start(jar);
        try (ServerProcess server = started) {
            Http http = new Http(server);
            TimeTravelBench.History history = TimeTravelBench.build(server, http, size, FLEET, CHANGES);
            Random random = new Random(42);
            long cpu0 = server.cpuMillis();
            Map<String, Stats> asOf = new LinkedHashMap<>(TimeTravelBench.oneEntity(http, history, samples, random));
            asOf.put("all live deployments at T, knowledge time",
                    TimeTravelBench.liveAt(http, history, Math.max(50, samples / 5), random, new int[1]));
            int queries = asOf.values().stream().mapToInt(st -> st.n() + Math.max(20, st.n() / 5)).sum();
            double asOfCpu = (server.cpuMillis() - cpu0) / (double) queries;
            long cpu1 = server.cpuMillis();
            PredictionBench.Result ingest = PredictionBench.ingest(http, predictions, 1_000, 2);
            double catchUp = PredictionBench.catchUp(http, ingest.lastPosition(), ingest.lastAckNanos());
            double ingestCpu = (server.cpuMillis() - cpu1) * 1000.0 / predictions;
            return new Point(history.last() + 1, history.buildSeconds(), asOf, asOfCpu, ingest.rate(),
                    ingest.latency(), catchUp, ingestCpu);
        } finally {
            started.deleteData();
        }
    }

    private static void print(List<Point> points, int predictions) {
        Point first = points.get(0);
        System.out.println();
        System.out.printf("Prediction ingest: %,d predictions in batches of 1,000, 2 in flight, after the history.%n%n",
                predictions);
        System.out.println("| stored events | history built | ingest | ingest vs first | batch p99 | caught up "
                + "| server CPU per 1,000 predictions | server CPU per as-of query |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Point p : points) {
            System.out.printf("| %,d | %.0f s | %,.0f predictions/s | %.2f | %.1f ms | %.0f ms | %.0f ms | %.2f ms |%n",
                    p.events(), p.buildSeconds(), p.ingestRate(), p.ingestRate() / first.ingestRate(),
                    p.ingestLatency().p99(), p.catchUpMs(), p.ingestCpuPer1k(), p.asOfCpuMs());
        }
        System.out.println();
        System.out.println("| as-of query | stored events | median | p99 | p99 vs first |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (String query : first.asOf().keySet()) {
            for (Point p : points) {
                Stats s = p.asOf().get(query);
                System.out.printf("| %s | %,d | %.1f ms | %.1f ms | %.2f |%n", query, p.events(), s.median(), s.p99(),
                        s.p99() / first.asOf().get(query).p99());
            }
        }
    }
}
