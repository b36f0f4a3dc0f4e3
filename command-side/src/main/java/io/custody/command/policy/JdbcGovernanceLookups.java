package io.custody.command.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.ModelVersionFacts;
import io.custody.command.lookup.CommandLookups.RunFacts;
import io.custody.command.policy.GovernanceFacts.Approval;
import io.custody.command.policy.GovernanceFacts.UpstreamDataset;
import io.custody.lineage.LineageNodes;
import io.custody.values.DatasetVersionKey;
import io.custody.values.DatasetVersionRef;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RiskTier;
import io.custody.values.Role;
import io.custody.values.RunId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers {@link GovernanceLookups} from the {@code cs_*} tables: the model's domain and risk tier, the version's
 * validation and approvals, and every dataset version upstream of it through {@code cs_lineage_edge} at any depth
 * (one recursive query; each dataset version's tags and quarantine by its key, an index probe each).
 */
@Component
class JdbcGovernanceLookups implements GovernanceLookups {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final CommandLookups lookups;
    private final ObjectMapper json;

    JdbcGovernanceLookups(JdbcTemplate jdbc, CommandLookups lookups, ObjectMapper json) {
        this.jdbc = jdbc;
        this.lookups = lookups;
        this.json = json;
    }

    @Override
    public Optional<GovernanceFacts> version(ModelVersionRef ref) {
        Optional<ModelVersionFacts> found = lookups.modelVersion(ref);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ModelVersionFacts facts = found.get();
        Model model = model(ref.model());
        List<String> trainers = lookups.run(facts.run()).map(RunFacts::trainers)
                .orElse(facts.trainedBy() == null ? List.of() : List.of(facts.trainedBy()));
        Map<String, Double> metrics = jdbc.query("""
                        SELECT last_validation_metrics FROM cs_model_version WHERE model = ? AND version = ?""",
                (rs, i) -> read(rs.getString(1), METRICS, Map.of()), ref.model().value(), ref.version())
                .stream().findFirst().orElse(Map.of());
        List<Approval> approvals = jdbc.query("""
                        SELECT approver, role, held_roles FROM cs_model_approval WHERE model = ? AND version = ?
                        ORDER BY approver""",
                (rs, i) -> new Approval(rs.getString(1), rs.getString(2),
                        roles(read(rs.getString(3), STRINGS, List.of()))),
                ref.model().value(), ref.version());
        return Optional.of(new GovernanceFacts(model.domain(), model.riskTier(), trainers, facts.dirty(),
                facts.lastValidationPassed(), metrics, approvals,
                upstream(LineageNodes.modelVersion(ref), facts.inputs())));
    }

    @Override
    public GovernanceFacts registration(ModelName model, RunId run) {
        Model found = model(model);
        RunFacts facts = lookups.run(run).orElseThrow();
        return new GovernanceFacts(found.domain(), found.riskTier(), facts.trainers(), facts.dirty(), null,
                Map.of(), List.of(), upstream(LineageNodes.run(run), facts.inputs()));
    }

    /** What the rules read of the model itself; both unknown for a model registered without them. */
    private record Model(String domain, RiskTier riskTier) {
    }

    private Model model(ModelName model) {
        return jdbc.query("SELECT domain, risk_tier FROM cs_model WHERE model = ?",
                        (rs, i) -> new Model(rs.getString(1),
                                rs.getString(2) == null ? null : RiskTier.valueOf(rs.getString(2))), model.value())
                .stream().findFirst().orElse(new Model(null, null));
    }

    /** Every dataset version {@code node} descends from; the run's own inputs first, marked direct. */
    private List<UpstreamDataset> upstream(String node, List<DatasetVersionRef> inputs) {
        Map<String, UpstreamDataset> found = new LinkedHashMap<>();
        Set<String> direct = new HashSet<>();
        inputs.forEach(input -> direct.add(input.key()));
        jdbc.query("""
                        WITH RECURSIVE up(node) AS (
                            SELECT CAST(? AS TEXT)
                            UNION
                            SELECT CAST(e.from_node AS TEXT) FROM up u JOIN cs_lineage_edge e ON e.to_node = u.node
                        )
                        SELECT substring(u.node FROM 16) AS key, d.version IS NOT NULL AS known,
                               COALESCE(d.quarantined, FALSE) AS quarantined, d.tags AS version_tags,
                               ds.tags AS dataset_tags
                        FROM up u
                        LEFT JOIN cs_dataset_version d
                               ON d.dataset = regexp_replace(u.node, '^datasetVersion:(.*)@[^@]*$', '\\1')
                              AND d.version = regexp_replace(u.node, '^datasetVersion:.*@([^@]*)$', '\\1')
                        LEFT JOIN cs_dataset ds ON ds.dataset = d.dataset
                        WHERE u.node LIKE 'datasetVersion:%'
                        ORDER BY 1""",
                rs -> {
                    String key = rs.getString("key");
                    Set<String> tags = new TreeSet<>(read(rs.getString("version_tags"), STRINGS, List.of()));
                    tags.addAll(read(rs.getString("dataset_tags"), STRINGS, List.of()));
                    found.put(key, new UpstreamDataset(key, namespace(key), tags, rs.getBoolean("quarantined"),
                            rs.getBoolean("known"), direct.contains(key)));
                }, node);
        List<UpstreamDataset> upstream = new ArrayList<>();
        for (DatasetVersionRef input : inputs) {
            UpstreamDataset known = found.remove(input.key());
            upstream.add(known != null ? known
                    : new UpstreamDataset(input.key(), input.dataset().namespace(), Set.of(), false, false, true));
        }
        upstream.addAll(found.values());
        return upstream;
    }

    private static String namespace(String key) {
        return DatasetVersionKey.tryParse(key).map(k -> k.dataset().namespace()).orElse(key);
    }

    private static Set<Role> roles(List<String> names) {
        Set<Role> roles = new HashSet<>();
        for (String name : names) {
            try {
                roles.add(Role.valueOf(name));
            } catch (IllegalArgumentException e) {
                // A role this build does not know grants nothing here.
            }
        }
        return roles;
    }

    /** The stored JSON as {@code type}; {@code absent} when the column is null (a row written before it existed). */
    private <T> T read(String stored, TypeReference<T> type, T absent) {
        try {
            return stored == null ? absent : json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable governance facts in a command lookup table", e);
        }
    }
}
