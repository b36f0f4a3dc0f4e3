package io.custody.command.lineage;

import io.custody.events.dataset.DatasetDeprecated;
import io.custody.meta.Streams;
import io.custody.values.DatasetName;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts the OpenLineage ingest needs before it sends anything: which datasets and versions Custody
 * already knows, each dataset's newest version, and whether the event was recorded before. Read from
 * the event store's own index and the command-side lookup tables, one query per question per event.
 */
@Component
class OpenLineageLookups {

    /** A dataset Custody knows: whether it is deprecated, and its newest version if it has one. */
    record KnownDataset(boolean deprecated, String newestVersion) {
    }

    private final JdbcTemplate jdbc;

    OpenLineageLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean alreadyRecorded(String clientEventId) {
        return !jdbc.queryForList("SELECT 1 FROM client_event WHERE client_event_id = ?", Integer.class,
                clientEventId).isEmpty();
    }

    Map<DatasetName, KnownDataset> datasets(Collection<DatasetName> names) {
        Map<String, DatasetName> byStream = new HashMap<>();
        names.forEach(n -> byStream.put(Streams.dataset(n), n));
        Set<String> registered = new HashSet<>();
        Set<String> deprecated = new HashSet<>();
        jdbc.query("""
                        SELECT aggregate_identifier, bool_or(payload_type = ?) FROM domain_event_entry
                        WHERE aggregate_identifier = ANY (?) GROUP BY aggregate_identifier""",
                ps -> {
                    ps.setString(1, DatasetDeprecated.class.getName());
                    ps.setArray(2, ps.getConnection().createArrayOf("varchar", byStream.keySet().toArray()));
                },
                rs -> {
                    registered.add(rs.getString(1));
                    if (rs.getBoolean(2)) {
                        deprecated.add(rs.getString(1));
                    }
                });
        Map<String, String> newest = new HashMap<>();
        jdbc.query("SELECT dataset, version FROM cs_dataset_newest_version WHERE dataset = ANY (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar",
                        names.stream().map(DatasetName::value).toArray())),
                rs -> {
                    newest.put(rs.getString(1), rs.getString(2));
                });
        Map<DatasetName, KnownDataset> out = new HashMap<>();
        byStream.forEach((stream, name) -> {
            if (registered.contains(stream)) {
                out.put(name, new KnownDataset(deprecated.contains(stream), newest.get(name.value())));
            }
        });
        return out;
    }

    /** Digests of the known versions among {@code keys} ({@code dataset@version}), by key. */
    Map<String, String> versionDigests(List<String[]> datasetAndVersion) {
        Map<String, String> out = new HashMap<>();
        if (datasetAndVersion.isEmpty()) {
            return out;
        }
        jdbc.query("""
                        SELECT d.dataset, d.version, d.digest FROM cs_dataset_version d
                        JOIN unnest(?, ?) AS k (dataset, version) ON d.dataset = k.dataset AND d.version = k.version""",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar",
                            datasetAndVersion.stream().map(k -> k[0]).toArray()));
                    ps.setArray(2, ps.getConnection().createArrayOf("varchar",
                            datasetAndVersion.stream().map(k -> k[1]).toArray()));
                },
                rs -> {
                    out.put(rs.getString(1) + "@" + rs.getString(2), rs.getString(3));
                });
        return out;
    }
}
