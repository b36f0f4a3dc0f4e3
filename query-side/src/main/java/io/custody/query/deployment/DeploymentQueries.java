package io.custody.query.deployment;

import graphql.schema.DataFetchingEnvironment;
import io.custody.errors.CustodyException;
import io.custody.payloads.DeploymentPayload;
import io.custody.query.deployment.StintPages.HistoryCursor;
import io.custody.query.deployment.StintPages.StintCursor;
import io.custody.query.model.ModelRepository;
import io.custody.query.model.ModelVersionKey;
import io.custody.query.model.ModelVersionView;
import io.custody.query.model.ModelView;
import io.custody.query.support.AsOf;
import io.custody.query.support.Batches;
import io.custody.query.support.ChildPages;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.Environment;
import io.custody.values.ServiceName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deployments and liveness. Every child field resolves as of the instant its parent was read as of (now
 * when the query gave none): as of T, a stint is listed if it had started by T and shown open if it had
 * not ended by T, on the chosen clock.
 */
@Controller
class DeploymentQueries {

    /** Live stints: the primary first, then canaries by share. */
    private static final Comparator<DeploymentIntervalView> SERVING_ORDER = Comparator
            .comparing(DeploymentIntervalView::canary)
            .thenComparing(i -> i.share() == null ? 0 : -i.share())
            .thenComparing(DeploymentIntervalView::fromPosition);

    private final DeploymentRepository deployments;
    private final ModelRepository models;

    private final ChildPages<DeploymentView, DeploymentKey, HistoryCursor, DeploymentIntervalView> historyPages;
    private final ChildPages<ModelView, String, StintCursor, DeploymentIntervalView> modelStintPages;
    private final ChildPages<ModelVersionView, ModelVersionKey, StintCursor, DeploymentIntervalView> versionStintPages;

    DeploymentQueries(DeploymentRepository deployments, ModelRepository models, StintPages stints,
                      BatchLoaderRegistry registry) {
        this.deployments = deployments;
        this.models = models;
        this.historyPages = ChildPages.register(registry, "deploymentHistoryPages", DeploymentView::key,
                DeploymentView::asOf, DeploymentIntervalView::deploymentKey, HistoryCursor::of,
                cursor -> Cursors.parse(cursor, HistoryCursor::parse), stints::ofDeployments);
        this.modelStintPages = ChildPages.register(registry, "modelStintPages", ModelView::name, ModelView::asOf,
                DeploymentIntervalView::model, StintCursor::of, cursor -> Cursors.parse(cursor, StintCursor::parse),
                stints::ofModels);
        this.versionStintPages = ChildPages.register(registry, "modelVersionStintPages", ModelVersionView::key,
                ModelVersionView::asOf, DeploymentIntervalView::modelVersionKey, StintCursor::of,
                cursor -> Cursors.parse(cursor, StintCursor::parse), stints::ofVersions);
    }

    @QueryMapping
    DeploymentView deployment(@Argument String environment, @Argument String service, @Argument OffsetDateTime asOf,
                              @Argument AsOf.TimeBasis timeBasis) {
        return deployments.find(parseEnvironment("environment", environment), parseService("service", service),
                AsOf.of(asOf, timeBasis)).orElse(null);
    }

    @QueryMapping
    Connection<DeploymentView> deployments(@Argument String environment, @Argument Boolean liveOnly,
                                           @Argument Integer first, @Argument String after,
                                           @Argument OffsetDateTime asOf, @Argument AsOf.TimeBasis timeBasis) {
        String env = environment == null ? null : parseEnvironment("environment", environment);
        boolean live = Boolean.TRUE.equals(liveOnly);
        AsOf at = AsOf.of(asOf, timeBasis);
        int size = Cursors.pageSize(first);
        List<DeploymentView> rows = deployments.page(decode(after), size + 1, env, live, at);
        return Connection.fromOverfetch(rows, size, d -> d.key().toString(), deployments.count(env, live, at));
    }

    /** A page of a deployment's stints, oldest first; every deployment on the response asking for the same page shares a query. */
    @SchemaMapping(typeName = "Deployment", field = "history")
    CompletableFuture<Connection<DeploymentIntervalView>> history(DeploymentView deployment, @Argument Integer first,
                                                                  @Argument String after, DataFetchingEnvironment env) {
        return historyPages.page(deployment, first, after, env);
    }

    @BatchMapping(typeName = "Deployment", field = "liveVersions")
    Map<DeploymentView, List<DeploymentIntervalView>> liveVersions(List<DeploymentView> parents) {
        return Batches.perAsOf(parents, DeploymentView::asOf, (group, asOf) -> {
            Map<DeploymentView, List<DeploymentIntervalView>> open = byDeployment(group,
                    deployments.intervalsOf(keys(group), true, asOf));
            open.replaceAll((d, intervals) -> intervals.stream().sorted(SERVING_ORDER).toList());
            return open;
        });
    }

    @BatchMapping(typeName = "Deployment", field = "primary")
    Map<DeploymentView, DeploymentIntervalView> primary(List<DeploymentView> parents) {
        return Batches.perAsOf(parents, DeploymentView::asOf, (group, asOf) -> {
            Map<DeploymentView, DeploymentIntervalView> out = new LinkedHashMap<>();
            byDeployment(group, deployments.intervalsOf(keys(group), true, asOf)).forEach((d, intervals) ->
                    intervals.stream().filter(i -> !i.canary()).reduce((a, b) -> b).ifPresent(i -> out.put(d, i)));
            return out;
        });
    }

    @BatchMapping(typeName = "Deployment", field = "canaries")
    Map<DeploymentView, List<DeploymentIntervalView>> canaries(List<DeploymentView> parents) {
        return Batches.perAsOf(parents, DeploymentView::asOf, (group, asOf) -> {
            Map<DeploymentView, List<DeploymentIntervalView>> open = byDeployment(group,
                    deployments.intervalsOf(keys(group), true, asOf));
            open.replaceAll((d, intervals) -> intervals.stream().filter(DeploymentIntervalView::canary)
                    .sorted(SERVING_ORDER).toList());
            return open;
        });
    }

    @BatchMapping(typeName = "DeploymentInterval", field = "modelVersion")
    Map<DeploymentIntervalView, ModelVersionView> intervalModelVersion(List<DeploymentIntervalView> intervals) {
        return Batches.perAsOf(intervals, DeploymentIntervalView::asOf, (group, asOf) -> {
            Map<ModelVersionKey, ModelVersionView> found = models.findVersions(group.stream()
                            .map(DeploymentIntervalView::modelVersionKey).distinct().toList(), asOf).stream()
                    .collect(Collectors.toMap(ModelVersionView::key, Function.identity()));
            Map<DeploymentIntervalView, ModelVersionView> out = new LinkedHashMap<>();
            group.forEach(i -> {
                ModelVersionView v = found.get(i.modelVersionKey());
                if (v != null) {
                    out.put(i, v);
                }
            });
            return out;
        });
    }

    /** A page of the stints of any of a model's versions, oldest first. */
    @SchemaMapping(typeName = "Model", field = "deployments")
    CompletableFuture<Connection<DeploymentIntervalView>> modelDeployments(ModelView model, @Argument Integer first,
                                                                           @Argument String after,
                                                                           DataFetchingEnvironment env) {
        return modelStintPages.page(model, first, after, env);
    }

    /** A page of a model version's stints, oldest first. */
    @SchemaMapping(typeName = "ModelVersion", field = "deployments")
    CompletableFuture<Connection<DeploymentIntervalView>> versionDeployments(ModelVersionView version,
                                                                             @Argument Integer first,
                                                                             @Argument String after,
                                                                             DataFetchingEnvironment env) {
        return versionStintPages.page(version, first, after, env);
    }

    @BatchMapping(typeName = "ModelVersion", field = "live")
    Map<ModelVersionView, Boolean> live(List<ModelVersionView> parents) {
        return Batches.perAsOf(parents, ModelVersionView::asOf, (group, asOf) -> {
            Set<ModelVersionKey> live = deployments.liveAmong(group.stream().map(ModelVersionView::key).distinct()
                    .toList(), asOf);
            Map<ModelVersionView, Boolean> out = new LinkedHashMap<>();
            group.forEach(p -> out.put(p, live.contains(p.key())));
            return out;
        });
    }

    /**
     * "Was v17 live in production at T?", by the event time of the liveness intervals. When the version
     * was read as of an instant on the recorded clock, only what Custody knew at that instant counts.
     */
    @SchemaMapping(typeName = "ModelVersion", field = "liveAt")
    boolean liveAt(ModelVersionView version, @Argument String environment, @Argument String service,
                   @Argument OffsetDateTime at) {
        if (at == null) {
            throw CustodyException.badRequest("at", "is required");
        }
        OffsetDateTime knownAt = version.asOf() == null || version.asOf().byEvent() ? null : version.asOf().at();
        return deployments.liveAt(version.key(), parseEnvironment("environment", environment),
                service == null ? null : parseService("service", service), at, knownAt);
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
