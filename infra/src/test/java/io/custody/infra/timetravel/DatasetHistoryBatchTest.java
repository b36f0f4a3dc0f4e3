package io.custody.infra.timetravel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset read model writes a processing batch's dataset and version registrations together; the histories must
 * still hold every state a row passed through, as if the events had been applied one by one.
 */
class DatasetHistoryBatchTest extends IntegrationTest {

    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void versions_registered_in_one_transaction_each_leave_their_own_dataset_state() {
        Lifecycle life = new Lifecycle(this::http, json);
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(life.item("RegisterDataset", null, Map.of("name", life.dataset(), "owner", "risk-data")));
        for (int v = 1; v <= 3; v++) {
            items.add(life.item("RegisterDatasetVersion", "2026-0" + v + "-01T00:00:00Z", Map.of("dataset",
                    life.dataset(), "version", "v" + v, "location", "s3://lake/v" + v,
                    "digest", "sha256:" + Integer.toString(v).repeat(64), "tags", List.of("gold", "pii-free"))));
        }
        // Sent again: nothing is registered twice, no state is added.
        life.send("pipeline", items);
        life.send("pipeline", items);

        List<Long> positions = jdbc.queryForList("""
                SELECT global_index FROM domain_event_entry
                 WHERE aggregate_identifier = ? AND payload_type LIKE '%DatasetVersionRegistered'
                 ORDER BY global_index""", Long.class, "dataset:" + life.dataset());
        assertThat(positions).hasSize(3);

        List<Map<String, Object>> states = jdbc.queryForList("""
                SELECT version_count, last_position, valid_from_position, valid_to_position,
                       to_char(event_from AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS event_from,
                       to_char(event_to AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS event_to
                  FROM rm_dataset_history WHERE name = ? ORDER BY valid_from_position""", life.dataset());
        assertThat(states).hasSize(4);
        assertThat(states.get(0).get("version_count")).isEqualTo(0);
        assertThat(states.get(0).get("valid_to_position")).isEqualTo(positions.get(0));
        for (int v = 1; v <= 3; v++) {
            Map<String, Object> state = states.get(v);
            assertThat(state.get("version_count")).as("state after v%d", v).isEqualTo(v);
            assertThat(state.get("last_position")).isEqualTo(positions.get(v - 1));
            assertThat(state.get("valid_from_position")).isEqualTo(positions.get(v - 1));
            assertThat(state.get("valid_to_position")).isEqualTo(v < 3 ? positions.get(v) : null);
            assertThat(state.get("event_from")).isEqualTo("2026-0" + v + "-01");
            assertThat(state.get("event_to")).isEqualTo(v < 3 ? "2026-0" + (v + 1) + "-01" : null);
        }
        assertThat(jdbc.queryForObject("SELECT version_count FROM rm_dataset WHERE name = ?", Integer.class,
                life.dataset())).isEqualTo(3);

        List<Map<String, Object>> versions = jdbc.queryForList("""
                SELECT v.version, v.tags::text AS tags, h.valid_from_position, h.valid_to_position
                  FROM rm_dataset_version v JOIN rm_dataset_version_history h
                    ON h.dataset = v.dataset AND h.version = v.version
                 WHERE v.dataset = ? ORDER BY v.version""", life.dataset());
        assertThat(versions).hasSize(3);
        for (int v = 1; v <= 3; v++) {
            assertThat(versions.get(v - 1).get("tags")).isEqualTo("{gold,pii-free}");
            assertThat(versions.get(v - 1).get("valid_from_position")).isEqualTo(positions.get(v - 1));
            assertThat(versions.get(v - 1).get("valid_to_position")).isNull();
        }
    }

    @Test
    void datasets_registered_between_versions_in_one_transaction_keep_their_fields_and_first_state() {
        Lifecycle life = new Lifecycle(this::http, json);
        String first = life.dataset();
        String second = life.dataset() + "-b";
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(life.item("RegisterDataset", "2026-01-01T00:00:00Z", Map.of("name", first, "owner", "risk-data",
                "description", "loan applications", "tags", List.of("pii-free", "gold"))));
        items.add(life.item("RegisterDatasetVersion", "2026-02-01T00:00:00Z", Map.of("dataset", first, "version", "v1",
                "location", "s3://lake/a", "digest", "sha256:" + "a".repeat(64))));
        items.add(life.item("RegisterDataset", "2026-03-01T00:00:00Z", Map.of("name", second, "owner", "risk-ml")));
        items.add(life.item("RegisterDatasetVersion", "2026-04-01T00:00:00Z", Map.of("dataset", second, "version", "v1",
                "location", "s3://lake/b", "digest", "sha256:" + "b".repeat(64))));
        life.send("pipeline", items);
        life.send("pipeline", items);

        for (String name : List.of(first, second)) {
            List<Long> positions = jdbc.queryForList("""
                    SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?
                     ORDER BY global_index""", Long.class, "dataset:" + name);
            assertThat(positions).hasSize(2);
            Map<String, Object> row = jdbc.queryForMap("""
                    SELECT owner, description, tags::text AS tags, version_count, registered_position, last_position,
                           registered_by, to_char(registered_at AT TIME ZONE 'UTC', 'YYYY') AS registered_year
                      FROM rm_dataset WHERE name = ?""", name);
            assertThat(row.get("owner")).isEqualTo(name.equals(first) ? "risk-data" : "risk-ml");
            assertThat(row.get("description")).isEqualTo(name.equals(first) ? "loan applications" : null);
            assertThat(row.get("tags")).isEqualTo(name.equals(first) ? "{gold,pii-free}" : "{}");
            assertThat(row.get("version_count")).isEqualTo(1);
            assertThat(row.get("registered_position")).isEqualTo(positions.get(0));
            assertThat(row.get("last_position")).isEqualTo(positions.get(1));
            assertThat(row.get("registered_by")).isEqualTo("pipeline");
            assertThat(row.get("registered_year")).isNotNull();

            List<Map<String, Object>> states = jdbc.queryForList("""
                    SELECT version_count, tags::text AS tags, valid_from_position, valid_to_position,
                           to_char(event_from AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS event_from,
                           to_char(event_to AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS event_to
                      FROM rm_dataset_history WHERE name = ? ORDER BY valid_from_position""", name);
            assertThat(states).as("states of %s", name).hasSize(2);
            assertThat(states.get(0).get("version_count")).isEqualTo(0);
            assertThat(states.get(0).get("tags")).isEqualTo(row.get("tags"));
            assertThat(states.get(0).get("valid_from_position")).isEqualTo(positions.get(0));
            assertThat(states.get(0).get("valid_to_position")).isEqualTo(positions.get(1));
            assertThat(states.get(0).get("event_from")).isEqualTo(name.equals(first) ? "2026-01-01" : "2026-03-01");
            assertThat(states.get(0).get("event_to")).isEqualTo(name.equals(first) ? "2026-02-01" : "2026-04-01");
            assertThat(states.get(1).get("version_count")).isEqualTo(1);
            assertThat(states.get(1).get("valid_to_position")).isNull();
        }
    }
}
