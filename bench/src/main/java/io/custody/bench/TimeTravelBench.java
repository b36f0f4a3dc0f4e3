package io.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Time travel over a long history. Builds it through the ingest endpoints: a fleet of production
 * deployments that change many times (deploys, canaries, promotions, rollbacks, each reported with its
 * own event time) through {@code /api/v1/events}, then predictions, one event each, until the log holds
 * the requested number of events: written straight into the event table in the form stores from before
 * prediction batching hold ({@link PredictionBench#seedPerPredictionEvents}), since through
 * {@code /api/v1/predictions} a request's predictions are now one event. Then measures, over HTTP GraphQL: one entity as of
 * a random instant (median, p99), "all live deployments at T", the same queries now, audit trail pages,
 * and a streamed export of the whole log; and prints the PostgreSQL plans of the temporal lookups.
 */
final class TimeTravelBench {

    private static final String ENV = "production";
    private static final int VERSIONS = 4;
    private static final int FLEET_PER_MODEL = 20;
    /** The emitters' clock: change c of every deployment happened at EVENT_BASE + c * STEP. */
    private static final Instant EVENT_BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(10);

    private static final String DEPLOYMENT_AS_OF = """
            query($e: String!, $s: String!, $t: DateTime, $b: TimeBasis) {
              deployment(environment: $e, service: $s, asOf: $t, timeBasis: $b) {
                live lastChangedAt primary { model version from deployedBy } canaries { model version share }
              }
            }""";
    private static final String VERSION_AS_OF = """
            query($m: String!, $v: Int!, $t: DateTime, $at: DateTime!) {
              modelVersion(model: $m, version: $v, asOf: $t) {
                archived live aliases approvals { nodes { approver } } liveAt(environment: "production", at: $at)
              }
            }""";
    private static final String LIVE_AT = """
            query($t: DateTime, $b: TimeBasis) {
              deployments(environment: "production", liveOnly: true, asOf: $t, timeBasis: $b, first: 500) {
                totalCount edges { node { key liveVersions { model version canary share from } } }
              }
            }""";
    private static final String TRAIL = """
            query($from: DateTime, $actor: String, $after: String) {
              auditTrail(from: $from, actor: $actor, first: 100, after: $after) {
                edges { node { position type actor recordedAt correlationId causationId } }
                pageInfo { endCursor }
              }
            }""";

    private TimeTravelBench() {
    }

    static void run(Path jar, String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int fleet = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int changes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        if (fleet > 499) {
            throw new IllegalArgumentException("at most 499 deployments: \"all live at T\" is read as one page");
        }
        try (ServerProcess server = ServerProcess.start(jar)) {
            Http http = new Http(server);
            History history = build(server, http, events, fleet, changes);
            List<Instant> known = history.known();
            int models = history.models();
            long churned = history.churned();
            long last = history.last();
            double buildSeconds = history.buildSeconds();
            Random random = new Random(42);
            Instant eventEnd = EVENT_BASE.plus(STEP.multipliedBy(changes));
            Map<String, Stats> figures = oneEntity(http, history, samples, random);
            int pages = Math.max(50, samples / 5);
            int[] liveCount = new int[1];
            figures.put("all live deployments at T (" + (fleet + 1) + " deployments), knowledge time",
                    liveAt(http, history, pages, random, liveCount));
            figures.put("all live deployments at T, event time", measure(pages, () -> http.graphQl("bench", LIVE_AT,
                    Map.of("t", between(EVENT_BASE, eventEnd, random).toString(), "b", "EVENT"))));
            figures.put("all live deployments now, for comparison", measure(pages, () -> http.graphQl("bench", LIVE_AT,
                    mapOf("t", null, "b", null))));
            figures.put("auditTrail(from: T, first: 100)", measure(pages, () -> http.graphQl("bench", TRAIL,
                    mapOf("from", pick(known, random).toString(), "actor", null, "after", null))));
            figures.put("auditTrail(actor: \"deployer\", first: 100, after: random position)", measure(pages,
                    () -> http.graphQl("bench", TRAIL, mapOf("from", null, "actor", "deployer",
                            "after", cursor(random.nextLong(churned))))));
            Export export = export(server);
            Map<String, Stats> sql = sqlAlone(server, known, fleet, samples, random);

            Map<String, Long> sizes = sizes(server);
            System.out.println();
            System.out.printf("History: %,d events (%,d lifecycle events: %d deployments x %d changes, %d models x %d "
                            + "versions; the rest predictions, one event each, seeded), built in %.0f s.%n%n", last + 1, churned + 1, fleet, changes,
                    models, VERSIONS, buildSeconds);
            System.out.println("| what | median | p99 | max | samples |");
            System.out.println("| --- | --- | --- | --- | --- |");
            figures.forEach((what, s) -> System.out.printf("| %s | %.1f ms | %.1f ms | %.1f ms | %d |%n", what,
                    s.median(), s.p99(), s.max(), s.n()));
            System.out.println();
            System.out.println("The same temporal lookups in PostgreSQL alone (JDBC, prepared statements), without HTTP "
                    + "and GraphQL:");
            System.out.println();
            System.out.println("| what | median | p99 | max | samples |");
            System.out.println("| --- | --- | --- | --- | --- |");
            sql.forEach((what, s) -> System.out.printf("| %s | %.2f ms | %.2f ms | %.2f ms | %d |%n", what,
                    s.median(), s.p99(), s.max(), s.n()));
            System.out.printf("%nLive deployments at a sampled T: %d. Export of the whole log as JSON Lines: %,d events, "
                            + "%.0f MB in %.1f s (%,.0f events/s), first byte after %.0f ms.%n", liveCount[0],
                    export.lines, export.bytes / 1e6, export.seconds, export.lines / export.seconds, export.firstByteMs);
            System.out.println();
            System.out.println("| table | rows |");
            System.out.println("| --- | --- |");
            sizes.forEach((table, rows) -> System.out.printf("| %s | %,d |%n", table, rows));
            explain(server, known.get(known.size() / 2), pick(known, random));
        }
    }

    /** A built history: the instants between churn rounds, the model count, and the last lifecycle and last positions. */
    record History(List<Instant> known, int fleet, int changes, int models, long churned, long last,
                   double buildSeconds) {
    }

    /**
     * Brings the fleet to production and changes it {@code changes} times, then seeds predictions (one event
     * each) until the log holds {@code events} events, and waits until every read model has caught up.
     */
    static History build(ServerProcess server, Http http, int events, int fleet, int changes) throws Exception {
        long t0 = System.nanoTime();
        Lifecycle.deployModel(http, ENV, "bench-api");
        int models = (fleet + FLEET_PER_MODEL - 1) / FLEET_PER_MODEL;
        train(http, models);
        List<Instant> known = churn(http, fleet, changes);
        long churned = head(http);
        double churnSeconds = (System.nanoTime() - t0) / 1e9;
        int predictions = (int) Math.max(0, events - (churned + 1));
        long t1 = System.nanoTime();
        if (predictions > 0) {
            PredictionBench.seedPerPredictionEvents(server, predictions);
        }
        long last = head(http);
        PredictionBench.catchUp(http, last, System.nanoTime());
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("history built: %,d events in %.0f s (lifecycle %.0f s, predictions %.0f s)%n", last + 1,
                buildSeconds, churnSeconds, (System.nanoTime() - t1) / 1e9);
        return new History(known, fleet, changes, models, churned, last, buildSeconds);
    }

    /** One entity as of a random instant, by knowledge and by event time, and the same now. */
    static Map<String, Stats> oneEntity(Http http, History history, int samples, Random random) throws Exception {
        List<Instant> known = history.known();
        int fleet = history.fleet();
        Instant eventEnd = EVENT_BASE.plus(STEP.multipliedBy(history.changes()));
        Map<String, Stats> figures = new LinkedHashMap<>();
        figures.put("deployment(asOf: T), one entity, knowledge time", measure(samples, () -> http.graphQl("bench",
                DEPLOYMENT_AS_OF, Map.of("e", ENV, "s", service(random.nextInt(fleet)),
                        "t", pick(known, random).toString(), "b", "RECORDED"))));
        figures.put("deployment(asOf: T, timeBasis: EVENT), one entity", measure(samples, () -> http.graphQl("bench",
                DEPLOYMENT_AS_OF, Map.of("e", ENV, "s", service(random.nextInt(fleet)),
                        "t", between(EVENT_BASE, eventEnd, random).toString(), "b", "EVENT"))));
        figures.put("modelVersion(asOf: T) with live, liveAt, aliases, approvals", measure(samples,
                () -> http.graphQl("bench", VERSION_AS_OF, Map.of("m", model(random.nextInt(history.models())),
                        "v", 1 + random.nextInt(VERSIONS), "t", pick(known, random).toString(),
                        "at", between(EVENT_BASE, eventEnd, random).toString()))));
        figures.put("deployment now (no asOf), for comparison", measure(samples, () -> http.graphQl("bench",
                DEPLOYMENT_AS_OF, mapOf("e", ENV, "s", service(random.nextInt(fleet)), "t", null, "b", null))));
        return figures;
    }

    /** "All live deployments at T" by knowledge time; {@code liveCount[0]} gets the last page's total. */
    static Stats liveAt(Http http, History history, int pages, Random random, int[] liveCount) throws Exception {
        return measure(pages, () -> {
            JsonNode page = http.graphQl("bench", LIVE_AT, Map.of("t", pick(history.known(), random).toString(),
                    "b", "RECORDED"));
            liveCount[0] = page.at("/deployments/totalCount").asInt();
        });
    }

    private static String service(int i) {
        return "fleet-" + i;
    }

    private static String model(int m) {
        return "fleet-model-" + m;
    }

    /** {@code models} models of {@link #VERSIONS} versions, each from its own run, validated and approved. */
    private static void train(Http http, int models) throws Exception {
        String trained = EVENT_BASE.minus(Duration.ofDays(1)).toString();
        for (int m = 0; m < models; m++) {
            List<Map<String, Object>> items = new ArrayList<>();
            List<Map<String, Object>> approvals = new ArrayList<>();
            items.add(item("RegisterModel", "m-" + m, trained, Map.of("name", model(m), "owner", "fleet",
                    "domain", "lending", "riskTier", "LOW")));
            for (int v = 1; v <= VERSIONS; v++) {
                String run = "fleet-run-" + m + "-" + v;
                items.add(item("StartRun", "s-" + run, trained, Map.of("run", run, "code", Map.of("repository",
                                "https://git.example.com/fleet", "commit", "0123456789abcdef0123456789abcdef01234567",
                                "dirty", false), "inputs", List.of(Map.of("dataset", "bench/applications", "version", "v1")))));
                items.add(item("CompleteRun", "c-" + run, trained, Map.of("run", run)));
                items.add(item("RegisterModelVersion", "v-" + run, trained, Map.of("model", model(m), "run", run,
                        "artifactUri", "s3://fleet/" + m + "/" + v, "artifactDigest",
                        "sha256:" + String.format("%064x", m * 16L + v))));
                items.add(item("RecordValidation", "val-" + run, trained, Map.of("model", model(m), "version", v,
                        "checks", List.of(Map.of("name", "auc", "passed", true)))));
                approvals.add(item("ApproveModelVersion", "a-" + run, trained, Map.of("model", model(m), "version", v,
                        "role", "risk-officer")));
            }
            send(http, "pipeline", items);
            send(http, "reviewer", approvals);
        }
    }

    /**
     * {@code changes} rounds over the fleet; in each, every deployment changes once: a new primary, every
     * tenth round (from the fifth) a 10% canary that the next round promotes, every tenth round (from the
     * tenth) a rollback. Returns the instants between rounds, on Custody's clock.
     */
    private static List<Instant> churn(Http http, int fleet, int changes) throws Exception {
        List<Instant> known = new ArrayList<>();
        for (int c = 0; c < changes; c++) {
            String happened = EVENT_BASE.plus(STEP.multipliedBy(c)).toString();
            List<Map<String, Object>> items = new ArrayList<>(fleet);
            for (int d = 0; d < fleet; d++) {
                String model = model(d / FLEET_PER_MODEL);
                String id = "r" + c + "-" + d;
                if (c % 10 == 9) {
                    items.add(item("RollBack", id, happened, Map.of("environment", ENV, "service", service(d),
                            "reason", "round " + c)));
                } else if (c % 10 == 4) {
                    items.add(item("DeployModelVersion", id, happened, Map.of("environment", ENV,
                            "service", service(d), "model", model, "version", version(c + 1), "canaryShare", 0.1)));
                } else {
                    items.add(item("DeployModelVersion", id, happened, Map.of("environment", ENV,
                            "service", service(d), "model", model, "version", version(c))));
                }
            }
            send(http, "deployer", items);
            known.add(Instant.now());
            if (c % 10 == 0) {
                System.err.printf("churn round %d of %d%n", c + 1, changes);
            }
        }
        return known;
    }

    private static int version(int change) {
        return change % VERSIONS + 1;
    }

    private static Map<String, Object> item(String type, String id, String eventTime, Map<String, Object> payload) {
        return Map.of("type", type, "clientEventId", "tt-" + id, "eventTime", eventTime, "payload", payload);
    }

    private static void send(Http http, String actor, List<Map<String, Object>> items) throws Exception {
        JsonNode reply = Http.JSON.readTree(http.post("/api/v1/events", "application/json", actor,
                Http.JSON.writeValueAsString(items)).body());
        if (reply.path("rejected").asInt() > 0 || !reply.has("accepted")) {
            throw new IllegalStateException("rejected: " + reply);
        }
    }

    private static long head(Http http) throws Exception {
        return http.graphQl("bench", "{ about { head } }", Map.of()).at("/about/head").asLong();
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Latencies of {@code n} sequential calls, after a warm-up of a fifth as many. */
    private static Stats measure(int n, Call call) throws Exception {
        for (int i = 0; i < Math.max(20, n / 5); i++) {
            call.run();
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        return Stats.ofNanos(nanos);
    }

    private static Instant pick(List<Instant> instants, Random random) {
        return instants.get(random.nextInt(instants.size()));
    }

    private static Instant between(Instant from, Instant to, Random random) {
        return from.plusMillis((long) (random.nextDouble() * Duration.between(from, to).toMillis()));
    }

    private static Map<String, Object> mapOf(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** An auditTrail cursor: base64url of the position, as the server makes them. */
    private static String cursor(long position) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(position).getBytes(StandardCharsets.UTF_8));
    }

    private record Export(long lines, long bytes, double seconds, double firstByteMs) {
    }

    /** Reads the whole log through the export endpoint, counting as it streams in. */
    private static Export export(ServerProcess server) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/audit/export?format=jsonl"));
        if (server.bootstrapToken() != null) {
            request.header("Authorization", "Bearer " + server.bootstrapToken());
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        long bytes = 0;
        double firstByte = -1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8),
                1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (firstByte < 0) {
                    firstByte = (System.nanoTime() - start) / 1e6;
                }
                lines++;
                bytes += line.length() + 1;
            }
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("export answered " + response.statusCode());
        }
        return new Export(lines, bytes, (System.nanoTime() - start) / 1e9, firstByte);
    }

    /**
     * The two lookups every as-of answer rests on, timed in the database alone: a row's state at T (one
     * backward index step) and the stints live at T (a GiST stabbing query).
     */
    private static Map<String, Stats> sqlAlone(ServerProcess server, List<Instant> known, int fleet, int samples,
                                               Random random) throws Exception {
        Map<String, Stats> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            try (var state = c.prepareStatement("SELECT * FROM rm_deployment_history h WHERE environment = ? "
                    + "AND service = ? AND recorded_from <= ? ORDER BY recorded_from DESC, valid_from_position DESC "
                    + "LIMIT 1")) {
                out.put("one deployment's state at T", measure(samples, () -> {
                    state.setString(1, ENV);
                    state.setString(2, service(random.nextInt(fleet)));
                    state.setObject(3, pick(known, random).atOffset(java.time.ZoneOffset.UTC));
                    try (ResultSet rs = state.executeQuery()) {
                        rs.next();
                    }
                }));
            }
            try (var live = c.prepareStatement("SELECT environment, service, model, version FROM rm_deployment_interval "
                    + "WHERE tstzrange(from_recorded_at, CASE WHEN to_recorded_at < from_recorded_at "
                    + "THEN from_recorded_at ELSE to_recorded_at END) @> CAST(? AS timestamptz)")) {
                out.put("every stint live at T", measure(samples, () -> {
                    live.setObject(1, pick(known, random).atOffset(java.time.ZoneOffset.UTC));
                    try (ResultSet rs = live.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(1);
                        }
                    }
                }));
            }
        }
        return out;
    }

    private static Map<String, Long> sizes(ServerProcess server) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            for (String table : List.of("domain_event_entry", "rm_audit_trail", "rm_deployment_interval",
                    "rm_deployment_history", "rm_model_version_history", "rm_prediction")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    out.put(table, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** The plans of the two temporal lookups the queries above rest on, as the server's database runs them. */
    private static void explain(ServerProcess server, Instant middle, Instant any) throws Exception {
        String range = "tstzrange(from_recorded_at, CASE WHEN to_recorded_at < from_recorded_at THEN from_recorded_at "
                + "ELSE to_recorded_at END)";
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("stints live at T (what \"all live deployments at T\" and liveVersions read)",
                "SELECT environment, service, model, version FROM rm_deployment_interval WHERE " + range
                        + " @> CAST('" + middle + "' AS timestamptz)");
        queries.put("one deployment's state at T (history lookup)",
                "SELECT * FROM rm_deployment_history h WHERE environment = 'production' AND service = 'fleet-0' "
                        + "AND recorded_from <= '" + any + "' ORDER BY recorded_from DESC, valid_from_position DESC LIMIT 1");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
            for (Map.Entry<String, String> q : queries.entrySet()) {
                System.out.println();
                System.out.println("Plan, " + q.getKey() + ":");
                System.out.println("```");
                try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + q.getValue())) {
                    while (rs.next()) {
                        System.out.println(rs.getString(1));
                    }
                }
                System.out.println("```");
            }
        }
    }
}
