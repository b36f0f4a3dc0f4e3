package io.custody.query.deployment;

import io.custody.commands.deployment.DeploymentPayload;
import io.custody.errors.CustodyException;
import io.custody.query.model.ModelRepository;
import io.custody.query.model.ModelVersionKey;
import io.custody.query.model.ModelVersionView;
import io.custody.query.model.ModelView;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

@Controller
class DeploymentQueries {

    /** Live stints: the primary first, then canaries by share. */
    private static final Comparator<DeploymentIntervalView> SERVING_ORDER = Comparator
            .comparing(DeploymentIntervalView::canary)
            .thenComparing(i -> i.share() == null ? 0 : -i.share())
            .thenComparing(DeploymentIntervalView::fromPosition);

    private final DeploymentRepository deployments;
    private final ModelRepository models;

    DeploymentQueries(DeploymentRepository deployments, ModelRepository models) {
        this.deployments = deployments;
        this.models = models;
    }

    @QueryMapping
    DeploymentView deployment(@Argument String environment, @Argument String service) {
        return deployments.find(parseEnvironment("environment", environment), parseService("service", service))
                .orElse(null);
    }

    @QueryMapping
    Connection<DeploymentView> deployments(@Argument String environment, @Argument Boolean liveOnly,
                                           @Argument Integer first, @Argument String after) {
        String env = environment == null ? null : parseEnvironment("environment", environment);
        boolean live = Boolean.TRUE.equals(liveOnly);
        int size = Cursors.pageSize(first);
        List<DeploymentView> rows = deployments.page(decode(after), size + 1, env, live);
        return Connection.fromOverfetch(rows, size, d -> d.key().toString(), deployments.count(env, live));
    }

    @BatchMapping(typeName = "Deployment", field = "history")
    Map<DeploymentView, List<DeploymentIntervalView>> history(List<DeploymentView> parents) {
        return byDeployment(parents, deployments.intervalsOf(keys(parents), false));
    }

    @BatchMapping(typeName = "Deployment", field = "liveVersions")
    Map<DeploymentView, List<DeploymentIntervalView>> liveVersions(List<DeploymentView> parents) {
        Map<DeploymentView, List<DeploymentIntervalView>> open = byDeployment(parents,
                deployments.intervalsOf(keys(parents), true));
        open.replaceAll((d, intervals) -> intervals.stream().sorted(SERVING_ORDER).toList());
        return open;
    }

    @BatchMapping(typeName = "Deployment", field = "primary")
    Map<DeploymentView, DeploymentIntervalView> primary(List<DeploymentView> parents) {
        Map<DeploymentView, DeploymentIntervalView> out = new LinkedHashMap<>();
        byDeployment(parents, deployments.intervalsOf(keys(parents), true)).forEach((d, intervals) -> intervals.stream()
                .filter(i -> !i.canary()).reduce((a, b) -> b).ifPresent(i -> out.put(d, i)));
        return out;
    }

    @BatchMapping(typeName = "Deployment", field = "canaries")
    Map<DeploymentView, List<DeploymentIntervalView>> canaries(List<DeploymentView> parents) {
        Map<DeploymentView, List<DeploymentIntervalView>> open = byDeployment(parents,
                deployments.intervalsOf(keys(parents), true));
        open.replaceAll((d, intervals) -> intervals.stream().filter(DeploymentIntervalView::canary)
                .sorted(SERVING_ORDER).toList());
        return open;
    }

    @BatchMapping(typeName = "DeploymentInterval", field = "modelVersion")
    Map<DeploymentIntervalView, ModelVersionView> intervalModelVersion(List<DeploymentIntervalView> intervals) {
        Map<ModelVersionKey, ModelVersionView> found = models.findVersions(intervals.stream()
                        .map(DeploymentIntervalView::modelVersionKey).distinct().toList()).stream()
                .collect(Collectors.toMap(ModelVersionView::key, Function.identity()));
        Map<DeploymentIntervalView, ModelVersionView> out = new LinkedHashMap<>();
        intervals.forEach(i -> {
            ModelVersionView v = found.get(i.modelVersionKey());
            if (v != null) {
                out.put(i, v);
            }
        });
        return out;
    }

    @BatchMapping(typeName = "Model", field = "deployments")
    Map<ModelView, List<DeploymentIntervalView>> modelDeployments(List<ModelView> parents) {
        Map<String, List<DeploymentIntervalView>> byModel = deployments.intervalsOfModels(parents.stream()
                .map(ModelView::name).distinct().toList()).stream()
                .collect(Collectors.groupingBy(DeploymentIntervalView::model));
        Map<ModelView, List<DeploymentIntervalView>> out = new LinkedHashMap<>();
        parents.forEach(p -> out.put(p, byModel.getOrDefault(p.name(), List.of())));
        return out;
    }

    @BatchMapping(typeName = "ModelVersion", field = "deployments")
    Map<ModelVersionView, List<DeploymentIntervalView>> versionDeployments(List<ModelVersionView> parents) {
        Map<ModelVersionKey, List<DeploymentIntervalView>> byVersion = deployments.intervalsOfVersions(parents.stream()
                .map(ModelVersionView::key).distinct().toList()).stream()
                .collect(Collectors.groupingBy(DeploymentIntervalView::modelVersionKey));
        Map<ModelVersionView, List<DeploymentIntervalView>> out = new LinkedHashMap<>();
        parents.forEach(p -> out.put(p, byVersion.getOrDefault(p.key(), List.of())));
        return out;
    }

    @BatchMapping(typeName = "ModelVersion", field = "live")
    Map<ModelVersionView, Boolean> live(List<ModelVersionView> parents) {
        Set<ModelVersionKey> live = deployments.liveAmong(parents.stream().map(ModelVersionView::key).distinct().toList());
        Map<ModelVersionView, Boolean> out = new LinkedHashMap<>();
        parents.forEach(p -> out.put(p, live.contains(p.key())));
        return out;
    }

    /** Resolves the deployment field the read side adds to the write API's DeploymentPayload. */
    @SchemaMapping(typeName = "DeploymentPayload", field = "deployment")
    DeploymentView payloadDeployment(DeploymentPayload payload) {
        return deployments.find(payload.environment().value(), payload.service().value()).orElse(null);
    }

    static String parseEnvironment(String field, String raw) {
        try {
            return new Environment(raw).value();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }

    static String parseService(String field, String raw) {
        try {
            return new ServiceName(raw).value();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }

    private static DeploymentKey decode(String after) {
        String key = Cursors.decode(after);
        if (key == null) {
            return null;
        }
        int slash = key.indexOf('/');
        if (slash < 1) {
            throw CustodyException.badRequest("after", "is not a cursor this API returned");
        }
        return new DeploymentKey(key.substring(0, slash), key.substring(slash + 1));
    }

    private static List<DeploymentKey> keys(List<DeploymentView> parents) {
        return parents.stream().map(DeploymentView::key).distinct().toList();
    }

    private static Map<DeploymentView, List<DeploymentIntervalView>> byDeployment(List<DeploymentView> parents,
                                                                                 List<DeploymentIntervalView> rows) {
        Map<DeploymentKey, List<DeploymentIntervalView>> grouped = rows.stream()
                .collect(Collectors.groupingBy(DeploymentIntervalView::deploymentKey));
        Map<DeploymentView, List<DeploymentIntervalView>> out = new LinkedHashMap<>();
        parents.forEach(p -> out.put(p, grouped.getOrDefault(p.key(), List.of())));
        return out;
    }
}
