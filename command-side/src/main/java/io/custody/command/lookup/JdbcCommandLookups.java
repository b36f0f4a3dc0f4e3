package io.custody.command.lookup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import io.custody.values.VersionLabel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Answers {@link CommandLookups} from the {@code cs_*} tables that {@link LookupProjection} keeps.
 * Called inside the command's transaction, so it sees the facts the same transaction has written.
 */
@Component
class JdbcCommandLookups implements CommandLookups {

    private static final TypeReference<List<DatasetVersionRef>> INPUTS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    JdbcCommandLookups(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<DatasetVersionFacts> datasetVersion(DatasetName dataset, VersionLabel version) {
        return jdbc.query("SELECT digest, quarantined FROM cs_dataset_version WHERE dataset = ? AND version = ?",
                (rs, i) -> new DatasetVersionFacts(dataset, version, ContentDigest.of(rs.getString("digest")),
                        rs.getBoolean("quarantined")),
                dataset.value(), version.value()).stream().findFirst();
    }

    @Override
    public Optional<RunFacts> run(RunId run) {
        return jdbc.query("SELECT status, started_by, started_by_actor, dirty, inputs FROM cs_run WHERE run_id = ?",
                (rs, i) -> new RunFacts(run, RunStatus.valueOf(rs.getString("status")), rs.getString("started_by"),
                        rs.getString("started_by_actor"), rs.getBoolean("dirty"), inputs(rs.getString("inputs"))),
                run.value()).stream().findFirst();
    }

    @Override
    public boolean modelExists(ModelName model) {
        return !jdbc.queryForList("SELECT 1 FROM cs_model WHERE model = ?", Integer.class, model.value()).isEmpty();
    }

    @Override
    public boolean modelDeleted(ModelName model) {
        return !jdbc.queryForList("SELECT 1 FROM cs_model WHERE model = ? AND deleted", Integer.class, model.value())
                .isEmpty();
    }

    @Override
    public Optional<ModelName> modelNamed(ModelName name) {
        return jdbc.queryForList("SELECT model FROM cs_model WHERE model = ? OR mlflow_name = ? ORDER BY model = ? DESC",
                String.class, name.value(), name.value(), name.value()).stream().findFirst().map(ModelName::of);
    }

    @Override
    public Optional<ModelName> mlflowModel(ModelName name) {
        return jdbc.queryForList("SELECT model FROM cs_model WHERE COALESCE(mlflow_name, model) = ? AND NOT deleted",
                String.class, name.value()).stream().findFirst().map(ModelName::of);
    }

    @Override
    public Optional<ModelVersionFacts> modelVersion(ModelVersionRef ref) {
        return jdbc.query("""
                        SELECT run_id, archived, trained_by, dirty, last_validation_passed, approvers, inputs
                        FROM cs_model_version WHERE model = ? AND version = ?""",
                (rs, i) -> new ModelVersionFacts(ref, RunId.of(rs.getString("run_id")), rs.getBoolean("archived"),
                        rs.getString("trained_by"), rs.getBoolean("dirty"),
                        (Boolean) rs.getObject("last_validation_passed"), approvers(rs),
                        inputs(rs.getString("inputs"))),
                ref.model().value(), ref.version()).stream().findFirst();
    }

    @Override
    public Optional<Integer> versionBuiltFrom(ModelName model, RunId run, ContentDigest artifactDigest) {
        return jdbc.queryForList("""
                        SELECT version FROM cs_model_version
                        WHERE model = ? AND run_id = ? AND artifact_digest = ? ORDER BY version LIMIT 1""",
                Integer.class, model.value(), run.value(), artifactDigest.value()).stream().findFirst();
    }

    @Override
    public List<String> liveDeployments(ModelName model) {
        return jdbc.queryForList("""
                        SELECT DISTINCT environment || '/' || service AS deployment FROM cs_deployment_interval
                        WHERE model = ? AND to_time IS NULL ORDER BY deployment""", String.class, model.value());
    }

    @Override
    public List<LiveInterval> liveness(Environment environment, ServiceName service) {
        return jdbc.query("""
                        SELECT model, version, canary, share, from_time, to_time FROM cs_deployment_interval
                        WHERE environment = ? AND service = ? ORDER BY from_time, opened_seq""",
                (rs, i) -> new LiveInterval(
                        new ModelVersionRef(ModelName.of(rs.getString("model")), rs.getInt("version")),
                        rs.getBoolean("canary"), (Double) rs.getObject("share"),
                        rs.getObject("from_time", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("to_time", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant).orElse(null)),
                environment.value(), service.value());
    }

    @Override
    public Optional<List<String>> monitoredFeatures(Environment environment, ServiceName service) {
        return jdbc.query("SELECT features FROM cs_monitor_features WHERE environment = ? AND service = ?",
                (rs, i) -> List.copyOf(Arrays.asList((String[]) rs.getArray(1).getArray())),
                environment.value(), service.value()).stream().findFirst();
    }

    private static List<String> approvers(ResultSet rs) throws SQLException {
        Array array = rs.getArray("approvers");
        return array == null ? List.of() : List.copyOf(Arrays.asList((String[]) array.getArray()));
    }

    private List<DatasetVersionRef> inputs(String stored) {
        try {
            return stored == null ? List.of() : List.copyOf(json.readValue(stored, INPUTS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable inputs in a command lookup table", e);
        }
    }
}
