package io.custody.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.meta.Streams;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.values.ColumnProfile;
import io.custody.values.DatasetName;
import io.custody.values.Environment;
import io.custody.values.FeatureSketch;
import io.custody.values.ModelVersionRef;
import io.custody.values.OutcomeEntry;
import io.custody.values.PredictionEntry;
import io.custody.values.ServiceName;
import io.custody.values.SketchBucket;
import io.custody.values.Statistic;
import io.custody.values.VersionLabel;
import io.custody.values.WindowStatistic;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Folds prediction and outcome events into per-window sketches and performance totals of each monitored
 * deployment, in PostgreSQL tables named with a prefix, and closes windows by event time: a deployment's
 * watermark is the latest prediction or outcome time it sent, and a window closes when the watermark passes its
 * end plus the lateness allowance. Items later than that are not counted. The command side's detection
 * processor and the query side's monitoring read model each fold into tables of their own with this class, from
 * the same events in the same order, so they agree without reading each other.
 * <p>
 * Callers run it from one processing group whose events are handled in log order, in the transaction that
 * also moves the group's token: a restart resumes exactly where the last commit left, counting nothing twice.
 */
public final class MonitorFold {

    /** A window that closed, with its statistics: drift against the baseline and performance against validation. */
    public record ClosedWindow(Environment environment, ServiceName service, Instant start, Instant end,
                               List<WindowStatistic> statistics, ModelVersionRef modelVersion, boolean paused) {
    }

    /** A monitor's row. */
    public record Monitor(MonitorSettings settings, boolean paused, Instant watermark) {
    }

    private static final TypeReference<List<FeatureSketch>> SKETCHES = new TypeReference<>() {
    };
    private static final TypeReference<List<ColumnProfile>> PROFILES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String t;
    private final Duration lateness;

    /**
     * @param prefix   the tables' prefix: {@code <prefix>_monitor} and {@code <prefix>_monitor_window}, {@code _bucket},
     *                 {@code _prediction}, {@code _profile}, {@code _validation}
     * @param lateness how long after a window's end predictions and outcomes for it are still counted
     */
    public MonitorFold(JdbcTemplate jdbc, ObjectMapper json, String prefix, Duration lateness) {
        this.jdbc = jdbc;
        this.json = json;
        this.t = prefix;
        this.lateness = lateness;
    }

    public Duration lateness() {
        return lateness;
    }

    // ---- settings and facts ----

    /** A monitor was created or changed: its settings replace the old ones, and its open windows start again. */
    public void settings(Environment env, ServiceName svc, MonitorSettings settings) {
        Optional<Monitor> before = monitor(env, svc);
        jdbc.update("INSERT INTO " + t + "_monitor (environment, service, settings, paused) VALUES (?, ?, ?, FALSE) "
                + "ON CONFLICT (environment, service) DO UPDATE SET settings = EXCLUDED.settings, paused = FALSE",
                env.value(), svc.value(), write(settings));
        if (before.isPresent() && !before.get().settings().equals(settings)) {
            // Windows of another length or baseline cannot continue: the next window starts with the new settings.
            jdbc.update("DELETE FROM " + t + "_monitor_window WHERE environment = ? AND service = ? AND NOT closed "
                    + "AND kind = 'W'", env.value(), svc.value());
            jdbc.update("DELETE FROM " + t + "_monitor_bucket WHERE environment = ? AND service = ? AND kind = 'W'",
                    env.value(), svc.value());
            if (!before.get().settings().baseline().equals(settings.baseline())) {
                jdbc.update("DELETE FROM " + t + "_monitor_window WHERE environment = ? AND service = ? AND kind = 'R'",
                        env.value(), svc.value());
                jdbc.update("DELETE FROM " + t + "_monitor_bucket WHERE environment = ? AND service = ? AND kind = 'R'",
                        env.value(), svc.value());
            }
        }
    }

    public void paused(Environment env, ServiceName svc) {
        jdbc.update("UPDATE " + t + "_monitor SET paused = TRUE WHERE environment = ? AND service = ?", env.value(),
                svc.value());
    }

    /** A dataset version's profiles, kept for monitors whose baseline it is (only those with a histogram). */
    public void profiles(DatasetName dataset, VersionLabel version, List<ColumnProfile> profiles) {
        List<ColumnProfile> kept = profiles == null ? List.of()
                : profiles.stream().filter(p -> !p.histogram().isEmpty()).toList();
        if (kept.isEmpty()) {
            return;
        }
        jdbc.update("INSERT INTO " + t + "_monitor_profile (dataset, version, profiles) VALUES (?, ?, ?) "
                + "ON CONFLICT (dataset, version) DO NOTHING", dataset.value(), version.value(), write(kept));
    }

    /** A model version's latest validation metrics, which performance is compared with. */
    public void validation(String model, int version, Map<String, Double> metrics) {
        Map<String, Double> lower = new TreeMap<>();
        metrics.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        jdbc.update("INSERT INTO " + t + "_monitor_validation (model, version, metrics) VALUES (?, ?, ?) "
                + "ON CONFLICT (model, version) DO UPDATE SET metrics = EXCLUDED.metrics", model, version, write(lower));
    }

    public Optional<Monitor> monitor(Environment env, ServiceName svc) {
        return jdbc.query("SELECT settings, paused, watermark FROM " + t + "_monitor WHERE environment = ? AND service = ?",
                (rs, n) -> new Monitor(read(rs.getString(1), MonitorSettings.class), rs.getBoolean(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()),
                env.value(), svc.value()).stream().findFirst();
    }

    // ---- predictions and outcomes ----

    /**
     * Folds a stored prediction batch's sketches (and, for performance, the predicted values awaiting outcomes);
     * answers closed windows. The deployment is read from the batch's stream name
     * ({@code predictions:<env>/<service>/<batch>}), so a batch of a deployment without a monitor is not read at
     * all; one with a monitor is read as far as its sketches ({@link PredictionBatchView}), and as the whole event
     * only when the monitor tracks performance, which needs each prediction's output.
     *
     * @param stream the batch's stream, or null when unknown (then the event names its deployment)
     */
    public List<ClosedWindow> predictions(String stream, Supplier<PredictionsRecorded> event,
                                          Supplier<PredictionBatchView> view) {
        Streams.Deployment deployment = Streams.predictionBatchDeployment(stream).orElseGet(() -> {
            PredictionsRecorded e = event.get();
            return new Streams.Deployment(e.environment(), e.service());
        });
        Environment env = deployment.environment();
        ServiceName svc = deployment.service();
        Optional<Monitor> found = monitor(env, svc);
        if (found.isEmpty()) {
            return List.of();
        }
        if (found.get().settings().performance() != null) {
            PredictionsRecorded e = event.get();
            return predictions(found.get(), env, svc, e.predictions(), latest(e.predictions()), e.sketches());
        }
        PredictionBatchView v = view.get();
        return predictions(found.get(), env, svc, List.of(), v.latest(), v.sketches());
    }

    private static Instant latest(List<PredictionEntry> entries) {
        Instant latest = null;
        for (PredictionEntry e : entries) {
            latest = later(latest, e.predictedAt());
        }
        return latest;
    }

    private List<ClosedWindow> predictions(Monitor m, Environment env, ServiceName svc, List<PredictionEntry> entries,
                                           Instant latest, List<SketchBucket> buckets) {
        MonitorSettings s = m.settings();
        if (buckets != null) {
            Map<Instant, List<SketchBucket>> windows = new TreeMap<>();
            List<SketchBucket> reference = new ArrayList<>();
            for (SketchBucket b : buckets) {
                Instant start = s.windowStart(b.minute());
                if (!late(m, start.plus(s.window()))) {
                    windows.computeIfAbsent(start, k -> new ArrayList<>()).add(b);
                }
                if (s.baseline().reference() && !b.minute().isBefore(s.baseline().referenceFrom())
                        && b.minute().isBefore(s.baseline().referenceTo()) && !late(m, s.baseline().referenceTo())) {
                    reference.add(b);
                }
            }
            windows.forEach((start, in) -> fold(env, svc, "W", start, start.plus(s.window()), in, s));
            if (!reference.isEmpty()) {
                fold(env, svc, "R", s.baseline().referenceFrom(), s.baseline().referenceTo(), reference, s);
            }
        }
        if (s.performance() != null) {
            List<Object[]> rows = new ArrayList<>();
            for (PredictionEntry e : entries) {
                Double predicted = Performance.predicted(s.performance(), e.output());
                if (predicted != null && !late(m, s.windowStart(e.predictedAt()).plus(s.window()))) {
                    rows.add(new Object[] {env.value(), svc.value(), e.requestId().value(), predicted,
                            e.modelVersion() == null ? null : e.modelVersion().toString()});
                }
            }
            jdbc.batchUpdate("INSERT INTO " + t + "_monitor_prediction (environment, service, request_id, predicted, model_version) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows);
        }
        return advance(env, svc, m, latest);
    }

    /** Joins outcomes with their predictions and folds them into the window of the outcome's time. */
    public List<ClosedWindow> outcomes(Environment env, ServiceName svc, List<OutcomeEntry> outcomes) {
        Optional<Monitor> found = monitor(env, svc);
        if (found.isEmpty()) {
            return List.of();
        }
        Monitor m = found.get();
        MonitorSettings s = m.settings();
        Instant latest = null;
        for (OutcomeEntry o : outcomes) {
            latest = later(latest, o.observedAt());
        }
        if (s.performance() != null && !outcomes.isEmpty()) {
            String[] ids = outcomes.stream().map(o -> o.requestId().value()).toArray(String[]::new);
            Map<String, Object[]> predicted = new HashMap<>();
            jdbc.query(con -> {
                var ps = con.prepareStatement("SELECT request_id, predicted, model_version FROM " + t + "_monitor_prediction "
                        + "WHERE environment = ? AND service = ? AND request_id = ANY(?)");
                ps.setString(1, env.value());
                ps.setString(2, svc.value());
                ps.setArray(3, con.createArrayOf("text", ids));
                return ps;
            }, rs -> {
                predicted.put(rs.getString(1), new Object[] {rs.getDouble(2), rs.getString(3)});
            });
            Map<Instant, Performance> byWindow = new TreeMap<>();
            List<Object[]> joined = new ArrayList<>();
            for (OutcomeEntry o : outcomes) {
                Object[] p = predicted.get(o.requestId().value());
                Double actual = Performance.actual(s.performance(), o.outcome());
                Instant start = s.windowStart(o.observedAt());
                if (p == null || actual == null || late(m, start.plus(s.window()))) {
                    continue;
                }
                byWindow.put(start, byWindow.getOrDefault(start, Performance.empty())
                        .with(s.performance().task(), (Double) p[0], actual, (String) p[1]));
                joined.add(new Object[] {env.value(), svc.value(), o.requestId().value()});
            }
            byWindow.forEach((start, add) -> foldPerformance(env, svc, start, start.plus(s.window()), add, s));
            jdbc.batchUpdate("DELETE FROM " + t + "_monitor_prediction WHERE environment = ? AND service = ? AND request_id = ?",
                    joined);
        }
        return advance(env, svc, m, latest);
    }

    private boolean late(Monitor m, Instant end) {
        return m.watermark() != null && !end.plus(lateness).isAfter(m.watermark());
    }

    /**
     * Appends the buckets' sketches (only the watched features) to the window; they are merged once, when it
     * closes. Merging on every batch would read, merge and write the whole window's sketches each time.
     */
    private void fold(Environment env, ServiceName svc, String kind, Instant start, Instant end, List<SketchBucket> buckets,
                      MonitorSettings s) {
        List<FeatureSketch> watched = new ArrayList<>();
        for (SketchBucket b : buckets) {
            b.features().stream().filter(f -> s.watches(f.name())).forEach(watched::add);
            watched.addAll(b.outputs());
        }
        jdbc.update("INSERT INTO " + t + "_monitor_window (environment, service, kind, window_start, window_end, sketches) "
                + "VALUES (?, ?, ?, ?, ?, '[]') ON CONFLICT (environment, service, kind, window_start) DO NOTHING",
                env.value(), svc.value(), kind, Timestamp.from(start), Timestamp.from(end));
        jdbc.update("INSERT INTO " + t + "_monitor_bucket (environment, service, kind, window_start, sketches) "
                + "VALUES (?, ?, ?, ?, ?)", env.value(), svc.value(), kind, Timestamp.from(start), write(watched));
    }

    /**
     * The window's sketches: those merged before, then its appended buckets in the order they came (the order a
     * replay repeats), which are then stored merged and removed.
     */
    private WindowSketch merged(Environment env, ServiceName svc, String kind, Instant start, String stored) {
        WindowSketch window = WindowSketch.of(read(stored, SKETCHES));
        List<String> buckets = jdbc.queryForList("SELECT sketches FROM " + t + "_monitor_bucket WHERE environment = ? "
                + "AND service = ? AND kind = ? AND window_start = ? ORDER BY seq", String.class, env.value(),
                svc.value(), kind, Timestamp.from(start));
        if (buckets.isEmpty()) {
            return window;
        }
        for (String b : buckets) {
            read(b, SKETCHES).forEach(window::merge);
        }
        jdbc.update("UPDATE " + t + "_monitor_window SET sketches = ? WHERE environment = ? AND service = ? AND kind = ? "
                + "AND window_start = ?", write(window.sketches()), env.value(), svc.value(), kind, Timestamp.from(start));
        jdbc.update("DELETE FROM " + t + "_monitor_bucket WHERE environment = ? AND service = ? AND kind = ? "
                + "AND window_start = ?", env.value(), svc.value(), kind, Timestamp.from(start));
        return window;
    }

    private void foldPerformance(Environment env, ServiceName svc, Instant start, Instant end, Performance add,
                                 MonitorSettings s) {
        List<String> stored = jdbc.queryForList("SELECT performance FROM " + t + "_monitor_window WHERE environment = ? "
                + "AND service = ? AND kind = 'W' AND window_start = ?", String.class, env.value(), svc.value(),
                Timestamp.from(start));
        Performance total = stored.isEmpty() || stored.get(0) == null ? add : read(stored.get(0), Performance.class).plus(add);
        jdbc.update("INSERT INTO " + t + "_monitor_window (environment, service, kind, window_start, window_end, sketches, performance) "
                + "VALUES (?, ?, 'W', ?, ?, '[]', ?) ON CONFLICT (environment, service, kind, window_start) "
                + "DO UPDATE SET performance = EXCLUDED.performance", env.value(), svc.value(), Timestamp.from(start),
                Timestamp.from(end), write(total));
    }

    // ---- closing ----

    /** Moves the watermark and closes, oldest first, every open window it passed. */
    private List<ClosedWindow> advance(Environment env, ServiceName svc, Monitor m, Instant latest) {
        if (latest == null || (m.watermark() != null && !latest.isAfter(m.watermark()))) {
            return List.of();
        }
        jdbc.update("UPDATE " + t + "_monitor SET watermark = ? WHERE environment = ? AND service = ?",
                Timestamp.from(latest), env.value(), svc.value());
        Instant closeBefore = latest.minus(lateness);
        record Open(Instant start, Instant end, String sketches, String performance) {
        }
        List<Open> open = jdbc.query("SELECT window_start, window_end, sketches, performance FROM " + t + "_monitor_window "
                + "WHERE environment = ? AND service = ? AND kind = 'W' AND NOT closed AND window_end <= ? "
                + "ORDER BY window_start", (rs, n) -> new Open(rs.getTimestamp(1).toInstant(),
                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)), env.value(), svc.value(),
                Timestamp.from(closeBefore));
        if (open.isEmpty()) {
            return List.of();
        }
        MonitorSettings s = m.settings();
        Map<String, Reference> references = references(env, svc, s, latest);
        List<ClosedWindow> closed = new ArrayList<>();
        for (Open w : open) {
            List<WindowStatistic> statistics = new ArrayList<>();
            boolean baselineReady = !s.baseline().reference() || !w.start().isBefore(s.baseline().referenceTo());
            if (references != null && baselineReady) {
                statistics.addAll(DriftEvaluator.evaluate(references, merged(env, svc, "W", w.start(), w.sketches())));
            }
            ModelVersionRef version = null;
            if (s.performance() != null && w.performance() != null) {
                Performance p = read(w.performance(), Performance.class);
                version = p.modelVersion() == null ? null : parseRef(p.modelVersion());
                Map<String, Double> validation = version == null ? Map.of() : validation(version);
                for (WindowStatistic st : p.statistics(s.performance().task())) {
                    statistics.add(new WindowStatistic(st.feature(), st.statistic(), st.value(),
                            metric(validation, st.statistic())));
                }
            }
            jdbc.update("UPDATE " + t + "_monitor_window SET closed = TRUE, statistics = ?, sketches = '[]' WHERE environment = ? AND service = ? "
                    + "AND kind = 'W' AND window_start = ?", write(statistics), env.value(), svc.value(),
                    Timestamp.from(w.start()));
            closed.add(new ClosedWindow(env, svc, w.start(), w.end(), statistics, version, m.paused()));
        }
        return closed;
    }

    /** The baselines, or null while a reference interval is still open. */
    private Map<String, Reference> references(Environment env, ServiceName svc, MonitorSettings s, Instant watermark) {
        if (!s.baseline().reference()) {
            return jdbc.queryForList("SELECT profiles FROM " + t + "_monitor_profile WHERE dataset = ? AND version = ?",
                    String.class, s.baseline().dataset().value(), s.baseline().version().value()).stream()
                    .findFirst().map(p -> Reference.fromProfiles(read(p, PROFILES))).orElse(Map.of());
        }
        if (s.baseline().referenceTo().plus(lateness).isAfter(watermark)) {
            return null;
        }
        record Stored(Instant start, String sketches) {
        }
        List<Stored> stored = jdbc.query("SELECT window_start, sketches FROM " + t + "_monitor_window WHERE environment = ? "
                + "AND service = ? AND kind = 'R'", (rs, n) -> new Stored(rs.getTimestamp(1).toInstant(), rs.getString(2)),
                env.value(), svc.value());
        return stored.isEmpty() ? Map.of()
                : Reference.fromWindow(merged(env, svc, "R", stored.get(0).start(), stored.get(0).sketches()));
    }

    private Map<String, Double> validation(ModelVersionRef version) {
        return jdbc.queryForList("SELECT metrics FROM " + t + "_monitor_validation WHERE model = ? AND version = ?",
                String.class, version.model().value(), version.version()).stream().findFirst()
                .map(m -> read(m, METRICS)).orElse(Map.of());
    }

    private static Double metric(Map<String, Double> validation, Statistic statistic) {
        Double value = validation.get(statistic.name().toLowerCase(java.util.Locale.ROOT));
        if (value == null && statistic == Statistic.AUC) {
            value = validation.get("roc_auc");
        }
        return value;
    }

    private static ModelVersionRef parseRef(String text) {
        int hash = text.lastIndexOf('#');
        return new ModelVersionRef(new io.custody.values.ModelName(text.substring(0, hash)),
                Integer.parseInt(text.substring(hash + 1)));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write monitoring state", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read monitoring state", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read monitoring state", e);
        }
    }
}
