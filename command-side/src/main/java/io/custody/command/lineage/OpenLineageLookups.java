package io.custody.command.lineage;

import io.custody.command.store.StreamPositions;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.JobRunState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts the OpenLineage ingest plans with: which events were recorded before, which datasets and
 * versions Custody already knows, each dataset's newest version, and each run's job and ending. Read from the
 * command-side lookup tables, one query per question for a whole event or a whole batch of events, each
 * an index lookup per key whatever the length of the streams involved.
 */
@Component
class OpenLineageLookups {

    /** A dataset Custody knows: whether it is deprecated, and its newest version if it has one. */
    record KnownDataset(boolean deprecated, String newestVersion) {
    }

    /** A run Custody has recorded reports of: its job, and how it ended (null while it has not). */
    record KnownRun(JobRef job, JobRunState ending) {
    }

    private final JdbcTemplate jdbc;
    private final StreamPositions positions;

    OpenLineageLookups(JdbcTemplate jdbc, StreamPositions positions) {
        this.positions = positions;
        this.jdbc = jdbc;
    }

    /** The client event ids among {@code clientEventIds} that were recorded before, with their command's type. */
    Map<String, String> recorded(Collection<String> clientEventIds) {
        Map<String, String> out = new HashMap<>();
        if (clientEventIds.isEmpty()) {
            return out;
        }
        // One primary-key probe per id, whatever the planner's statistics say (see StreamPositions).
        jdbc.query("""
                        SELECT k.id, (SELECT c.command_type FROM client_event c WHERE c.client_event_id = k.id)
                          FROM unnest(?::varchar[]) AS k (id)""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", clientEventIds.toArray())),
                rs -> {
                    String type = rs.getString(2);
                    if (type != null) {
                        out.put(rs.getString(1), type);
                    }
                });
        return out;
    }

    /** The runs among {@code runs} that Custody has recorded reports of. */
    Map<JobRunId, KnownRun> runs(Collection<JobRunId> runs) {
        Map<String, JobRunId> byId = new HashMap<>();
        runs.forEach(r -> byId.put(r.value(), r));
        Map<JobRunId, KnownRun> out = new HashMap<>();
        if (byId.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT run, job_namespace, job_name, ending FROM cs_job_run WHERE run = ANY (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", byId.keySet().toArray())),
                rs -> {
                    String ending = rs.getString(4);
                    out.put(byId.get(rs.getString(1)), new KnownRun(new JobRef(rs.getString(2), rs.getString(3)),
                            ending == null ? null : JobRunState.valueOf(ending)));
                });
        return out;
    }

    Map<DatasetName, KnownDataset> datasets(Collection<DatasetName> names) {
        Map<String, DatasetName> byName = new HashMap<>();
        names.forEach(n -> byName.put(n.value(), n));
        Map<DatasetName, KnownDataset> out = new HashMap<>();
        if (byName.isEmpty()) {
            return out;
        }
        jdbc.query("""
                        SELECT d.dataset, d.deprecated, n.version FROM cs_dataset d
                        LEFT JOIN cs_dataset_newest_version n ON n.dataset = d.dataset
                        WHERE d.dataset = ANY (?)""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", byName.keySet().toArray())),
                rs -> {
                    out.put(byName.get(rs.getString(1)), new KnownDataset(rs.getBoolean(2), rs.getString(3)));
                });
        return out;
    }

    /** The global position of the newest event in any of {@code streams}, or -1 if they hold none. */
    long head(Collection<String> streams) {
        return heads(streams).values().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** The global position of each stream's newest event, for the streams among {@code streams} that have one. */
    Map<String, Long> heads(Collection<String> streams) {
        return positions.newestPositions(streams);
    }

    /** Digests of the known versions among {@code versions}. */
    Map<DatasetVersionKey, String> versionDigests(List<DatasetVersionKey> versions) {
        Map<DatasetVersionKey, String> out = new HashMap<>();
        if (versions.isEmpty()) {
            return out;
        }
        // Rows are matched back to the keys asked for, so their strings need no second validation.
        Map<Map.Entry<String, String>, DatasetVersionKey> asked = new HashMap<>();
        versions.forEach(k -> asked.put(Map.entry(k.dataset().value(), k.version().value()), k));
        jdbc.query("""
                        SELECT d.dataset, d.version, d.digest FROM cs_dataset_version d
                        JOIN unnest(?, ?) AS k (dataset, version) ON d.dataset = k.dataset AND d.version = k.version""",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar",
                            versions.stream().map(k -> k.dataset().value()).toArray()));
                    ps.setArray(2, ps.getConnection().createArrayOf("varchar",
                            versions.stream().map(k -> k.version().value()).toArray()));
                },
                rs -> {
                    out.put(asked.get(Map.entry(rs.getString(1), rs.getString(2))), rs.getString(3));
                });
        return out;
    }
}
