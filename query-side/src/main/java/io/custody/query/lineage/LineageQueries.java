package io.custody.query.lineage;

import io.custody.errors.CustodyException;
import io.custody.lineage.LineageNodes;
import io.custody.lineage.LineagePaths;
import io.custody.query.lineage.ImpactView.ImpactedNodeView;
import io.custody.query.model.ModelVersionView;
import io.custody.values.DatasetName;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.VersionLabel;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Lineage and impact queries, and the at-risk flag they add to model versions. */
@Controller
class LineageQueries {

    static final int MAX_DEPTH = 20;

    enum Direction { UPSTREAM, DOWNSTREAM, BOTH }

    private final LineageRepository lineage;

    LineageQueries(LineageRepository lineage) {
        this.lineage = lineage;
    }

    @QueryMapping
    LineageGraphView lineage(@Argument String node, @Argument Direction direction, @Argument Integer depth,
                             @Argument OffsetDateTime asOf) {
        String root = nodeId(node);
        int steps = depth == null ? 3 : depth;
        if (steps < 1 || steps > MAX_DEPTH) {
            throw CustodyException.badRequest("depth", "must be 1.." + MAX_DEPTH);
        }
        Direction way = direction == null ? Direction.BOTH : direction;
        if (!lineage.exists(root)) {
            return null;
        }
        Map<String, LineageEdgeView> edges = new LinkedHashMap<>();
        if (way != Direction.UPSTREAM) {
            lineage.walk(root, true, steps, asOf).forEach(e -> edges.putIfAbsent(key(e), e));
        }
        if (way != Direction.DOWNSTREAM) {
            lineage.walk(root, false, steps, asOf).forEach(e -> edges.putIfAbsent(key(e), e));
        }
        Set<String> ids = new LinkedHashSet<>();
        ids.add(root);
        edges.values().forEach(e -> {
            ids.add(e.from());
            ids.add(e.to());
        });
        return new LineageGraphView(root, way.name(), steps, asOf, lineage.nodes(ids), List.copyOf(edges.values()));
    }

    @QueryMapping
    ImpactView impact(@Argument String dataset, @Argument String version) {
        DatasetName name = parse("dataset", () -> DatasetName.of(dataset));
        VersionLabel label = parse("version", () -> VersionLabel.of(version));
        return impactFrom(LineageNodes.datasetVersion(name, label));
    }

    @QueryMapping
    ImpactView impactOfCommit(@Argument String repository, @Argument String commit) {
        if (repository == null || repository.isBlank()) {
            throw CustodyException.badRequest("repository", "is required");
        }
        if (commit == null || commit.isBlank()) {
            throw CustodyException.badRequest("commit", "is required");
        }
        // Shas are stored in lower case (CodeVersion, CodeLocation); a tag or branch name as given.
        String revision = commit.matches("[0-9A-Fa-f]{7,64}") ? commit.toLowerCase(Locale.ROOT) : commit;
        return impactFrom(LineageNodes.commit(repository, revision));
    }

    @QueryMapping
    LineageNodeView lineageNode(@Argument String id) {
        String root = nodeId(id);
        return lineage.exists(root) ? lineage.nodes(List.of(root)).get(0) : null;
    }

    private ImpactView impactFrom(String root) {
        if (!lineage.exists(root)) {
            return null;
        }
        LineagePaths paths = lineage.impact(root);
        List<String> reached = paths.reached();
        Map<String, LineageNodeView> nodes = new LinkedHashMap<>();
        lineage.nodes(reached).forEach(n -> nodes.put(n.id(), n));
        List<ImpactedNodeView> runs = new ArrayList<>();
        List<ImpactedNodeView> modelVersions = new ArrayList<>();
        List<ImpactedNodeView> deployments = new ArrayList<>();
        List<ImpactedNodeView> datasetVersions = new ArrayList<>();
        for (String id : reached.subList(1, reached.size())) {
            ImpactedNodeView impacted = new ImpactedNodeView(nodes.get(id), paths.depth(id), paths.pathTo(id));
            switch (String.valueOf(LineageKinds.ofId(id))) {
                case "RUN", "JOB_RUN" -> runs.add(impacted);
                case "MODEL_VERSION" -> modelVersions.add(impacted);
                case "DEPLOYMENT" -> deployments.add(impacted);
                case "DATASET_VERSION" -> datasetVersions.add(impacted);
                default -> {
                    // Impact follows data only; other kinds are not reached.
                }
            }
        }
        return new ImpactView(nodes.get(root), runs, modelVersions, deployments, datasetVersions, reached.size() - 1);
    }

    @BatchMapping(typeName = "ModelVersion", field = "atRisk")
    Map<ModelVersionView, Boolean> atRisk(List<ModelVersionView> versions) {
        Map<String, List<String>> reasons = lineage.quarantinedUpstream(ids(versions));
        Map<ModelVersionView, Boolean> out = new LinkedHashMap<>();
        versions.forEach(v -> out.put(v, reasons.containsKey(id(v))));
        return out;
    }

    @BatchMapping(typeName = "ModelVersion", field = "atRiskReasons")
    Map<ModelVersionView, List<String>> atRiskReasons(List<ModelVersionView> versions) {
        Map<String, List<String>> reasons = lineage.quarantinedUpstream(ids(versions));
        Map<ModelVersionView, List<String>> out = new LinkedHashMap<>();
        versions.forEach(v -> out.put(v, reasons.getOrDefault(id(v), List.of())));
        return out;
    }

    private static List<String> ids(List<ModelVersionView> versions) {
        return versions.stream().map(LineageQueries::id).distinct().toList();
    }

    private static String id(ModelVersionView version) {
        return LineageNodes.modelVersion(new ModelVersionRef(ModelName.of(version.model()), version.version()));
    }

    private static String key(LineageEdgeView e) {
        return e.from() + "\u0000" + e.to() + "\u0000" + e.kind() + "\u0000" + e.position();
    }

    private static String nodeId(String raw) {
        if (raw == null || raw.isBlank()) {
            throw CustodyException.badRequest("node", "is required");
        }
        if (LineageKinds.ofId(raw) == null) {
            throw CustodyException.badRequest("node", "must be a typed node id such as "
                    + "datasetVersion:lending/applications@v3, run:<id>, jobRun:<uuid>, job:<namespace>/<name>, "
                    + "commit:<repository>@<sha>, modelVersion:credit-risk#17, deployment:production/credit-api "
                    + "or dataset:lending/applications");
        }
        return raw;
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }
}
