package io.custody.query.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.monitoring.MonitorSettings;
import io.custody.values.WindowStatistic;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the monitoring read model. */
@Repository
public class MonitoringRepository {

    private static final TypeReference<List<WindowStatistic>> STATISTICS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    MonitoringRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The monitor's settings as they were at {@code asOf} (now when null). */
    Optional<MonitorView> monitor(String environment, String service, Instant asOf) {
        return jdbc.query("SELECT environment, service, settings, paused FROM rm_monitor_history WHERE environment = ? "
                        + "AND service = ? AND (?::timestamptz IS NULL OR recorded_at <= ?::timestamptz) "
                        + "ORDER BY position DESC LIMIT 1",
                (rs, n) -> new MonitorView(rs.getString(1), rs.getString(2), read(rs.getString(3)), rs.getBoolean(4), asOf),
                environment, service, ts(asOf), ts(asOf)).stream().findFirst();
    }

    List<MonitorView> monitors() {
        return jdbc.query("SELECT environment, service, settings, paused FROM rm_monitor ORDER BY environment, service",
                (rs, n) -> new MonitorView(rs.getString(1), rs.getString(2), read(rs.getString(3)), rs.getBoolean(4),
                        null));
    }

    /** Closed windows, newest first, ending at or before {@code asOf} when given, starting before {@code before}. */
    List<WindowView> windows(MonitorView monitor, Instant before, int limit) {
        return jdbc.query("SELECT window_start, window_end, statistics FROM rm_monitor_window WHERE environment = ? "
                        + "AND service = ? AND kind = 'W' AND closed AND (?::timestamptz IS NULL OR window_end <= ?::timestamptz) "
                        + "AND (?::timestamptz IS NULL OR window_start < ?::timestamptz) ORDER BY window_start DESC LIMIT ?",
                (rs, n) -> new WindowView(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        statistics(monitor.settings(), rs.getString(3))),
                monitor.environment(), monitor.service(), ts(monitor.asOf()), ts(monitor.asOf()), ts(before),
                ts(before), limit);
    }

    /** Every window's statistics of one deployment, oldest first: what a rebuild must give again. */
    public List<String> statistics(String environment, String service) {
        return jdbc.queryForList("SELECT window_start || ' ' || statistics FROM rm_monitor_window WHERE environment = ? "
                + "AND service = ? AND closed ORDER BY window_start", String.class, environment, service);
    }

    Optional<AlertView> alert(String alert) {
        return jdbc.query("SELECT * FROM rm_monitor_alert WHERE alert = ?", ALERT, alert).stream().findFirst();
    }

    /** Alerts newest first, before position {@code before} when given. */
    List<AlertView> alerts(String state, String environment, Long before, int limit) {
        return jdbc.query("SELECT * FROM rm_monitor_alert WHERE (?::text IS NULL OR state = ?::text) "
                        + "AND (?::text IS NULL OR environment = ?::text) AND (?::bigint IS NULL OR position < ?::bigint) "
                        + "ORDER BY position DESC LIMIT ?", ALERT, state, state, environment, environment, before,
                before, limit);
    }

    private List<WindowView.StatisticView> statistics(MonitorSettings settings, String stored) {
        List<WindowView.StatisticView> out = new ArrayList<>();
        if (stored == null) {
            return out;
        }
        try {
            for (WindowStatistic s : json.readValue(stored, STATISTICS)) {
                Double threshold = settings.threshold(s.feature(), s.statistic());
                boolean breached = threshold != null && MonitorSettings.breached(s.statistic(), s.value(), threshold,
                        s.reference());
                out.add(new WindowView.StatisticView(s.feature(), s.statistic().name(), s.value(), threshold,
                        s.reference(), breached));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read window statistics", e);
        }
        return out;
    }

    private MonitorSettings read(String settings) {
        try {
            return json.readValue(settings, MonitorSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read monitor settings", e);
        }
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static final RowMapper<AlertView> ALERT = (ResultSet rs, int n) -> new AlertView(rs.getString("alert"),
            rs.getLong("position"), rs.getString("environment"), rs.getString("service"), rs.getString("kind"),
            rs.getString("feature"), rs.getString("statistic"), rs.getDouble("value"), rs.getDouble("threshold"),
            (Double) rs.getObject("validation"), rs.getString("model_version"), instant(rs, "window_start"),
            instant(rs, "window_end"), rs.getString("state"), instant(rs, "opened_at"), rs.getString("acknowledged_by"),
            instant(rs, "acknowledged_at"), rs.getString("acknowledge_comment"), rs.getString("resolved_by"),
            instant(rs, "resolved_at"), rs.getString("resolve_comment"), (Double) rs.getObject("recovered_value"),
            instant(rs, "recovered_window_start"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
