package io.custody.command.lookup;

import io.custody.events.monitoring.MonitorChanged;
import io.custody.events.monitoring.MonitorCreated;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Keeps which features each deployment's monitor watches ({@code cs_monitor_features}), for prediction ingest to
 * sketch only those. Part of the subscribing group {@code command-lookups}: the row is written in the transaction
 * that appends the monitor's event, so a batch accepted after {@code createMonitor} answered is sketched for it.
 * Guarded by the event's sequence, so a repeat or an older event changes nothing.
 */
@Component
@ProcessingGroup(LookupProjection.GROUP)
public class MonitorLookupProjection {

    private final JdbcTemplate jdbc;

    MonitorLookupProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MonitorCreated event, @SequenceNumber Long sequence) {
        features(event.environment(), event.service(), event.features(), sequence);
    }

    @EventHandler
    void on(MonitorChanged event, @SequenceNumber Long sequence) {
        features(event.environment(), event.service(), event.features(), sequence);
    }

    private void features(Environment env, ServiceName svc, List<String> features, Long sequence) {
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO cs_monitor_features AS m (environment, service, features, seq) VALUES (?, ?, ?, ?)
                    ON CONFLICT (environment, service) DO UPDATE SET features = EXCLUDED.features, seq = EXCLUDED.seq
                    WHERE m.seq < EXCLUDED.seq""");
            ps.setString(1, env.value());
            ps.setString(2, svc.value());
            ps.setArray(3, con.createArrayOf("text", features.toArray()));
            ps.setLong(4, sequence == null ? 0 : sequence);
            return ps;
        });
    }
}
