package io.custody.query.model;

import graphql.schema.DataFetchingEnvironment;
import io.custody.errors.CustodyException;
import io.custody.payloads.ModelPayload;
import io.custody.payloads.ModelVersionPayload;
import io.custody.query.run.RunRepository;
import io.custody.query.run.RunView;
import io.custody.query.support.AsOf;
import io.custody.query.support.Batches;
import io.custody.query.support.ChildPages;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.ModelName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Models and their versions. Every child field resolves as of the instant its parent was read as of
 * (now when the query gave none), so one answer describes one moment.
 */
@Controller
class ModelQueries {

    private final ModelRepository models;
    private final RunRepository runs;

    private final ChildPages<ModelView, String, Integer, ModelVersionView> versionPages;
    private final ChildPages<ModelVersionView, ModelVersionKey, Long, ValidationView> validationPages;
    private final ChildPages<ModelVersionView, ModelVersionKey, Long, ApprovalView> approvalPages;

    ModelQueries(ModelRepository models, RunRepository runs, BatchLoaderRegistry registry) {
        this.models = models;
        this.runs = runs;
        this.versionPages = ChildPages.register(registry, "modelVersionPages", ModelView::name, ModelView::asOf,
                ModelVersionView::model, v -> String.valueOf(v.version()),
                cursor -> Cursors.parse(cursor, Integer::valueOf), models::versionPages);
        this.validationPages = ChildPages.register(registry, "modelVersionValidationPages", ModelVersionView::key,
                ModelVersionView::asOf, ValidationView::key, v -> String.valueOf(v.position()),
                cursor -> Cursors.parse(cursor, Long::valueOf), models::validationPages);
        this.approvalPages = ChildPages.register(registry, "modelVersionApprovalPages", ModelVersionView::key,
                ModelVersionView::asOf, ApprovalView::key, a -> String.valueOf(a.position()),
                cursor -> Cursors.parse(cursor, Long::valueOf), models::approvalPages);
    }

    @QueryMapping
    ModelView model(@Argument String name, @Argument OffsetDateTime asOf, @Argument AsOf.TimeBasis timeBasis) {
        return models.find(parseName("name", name), AsOf.of(asOf, timeBasis)).orElse(null);
    }

    @QueryMapping
    Connection<ModelView> models(@Argument Integer first, @Argument String after, @Argument String owner,
                                 @Argument String domain, @Argument OffsetDateTime asOf,
                                 @Argument AsOf.TimeBasis timeBasis) {
        AsOf at = AsOf.of(asOf, timeBasis);
        int size = Cursors.pageSize(first);
        List<ModelView> rows = models.page(Cursors.decode(after), size + 1, owner, domain, at);
        return Connection.fromOverfetch(rows, size, ModelView::name, models.count(owner, domain, at));
    }

    @QueryMapping
    ModelVersionView modelVersion(@Argument String model, @Argument int version, @Argument OffsetDateTime asOf,
                                  @Argument AsOf.TimeBasis timeBasis) {
        return models.findVersion(parseName("model", model), parseVersion("version", version),
                AsOf.of(asOf, timeBasis)).orElse(null);
    }

    /** A page of a model's versions, newest first; every model on the response asking for the same page shares a query. */
    @SchemaMapping(typeName = "Model", field = "versions")
    CompletableFuture<Connection<ModelVersionView>> versions(ModelView model, @Argument Integer first,
                                                             @Argument String after, DataFetchingEnvironment env) {
        return versionPages.page(model, first, after, env);
    }

    @BatchMapping(typeName = "Model", field = "aliases")
    Map<ModelView, List<AliasView>> aliases(List<ModelView> parents) {
        return Batches.perAsOf(parents, ModelView::asOf, (group, asOf) -> {
            Map<String, List<AliasView>> byModel = models.aliasesOf(names(group), asOf).stream()
                    .collect(Collectors.groupingBy(AliasView::model));
            return perParent(group, p -> byModel.getOrDefault(p.name(), List.of()));
        });
    }

    /** The whole history, whatever asOf the model was asked at: it is the record of how the aliases got there. */
    @BatchMapping(typeName = "Model", field = "aliasHistory")
    Map<ModelView, List<AliasChangeView>> aliasHistory(List<ModelView> parents) {
        Map<String, List<AliasChangeView>> byModel = models.aliasHistoryOf(names(parents)).stream()
                .collect(Collectors.groupingBy(AliasChangeView::model));
        return perParent(parents, p -> byModel.getOrDefault(p.name(), List.of()));
    }

    @BatchMapping(typeName = "ModelAlias", field = "modelVersion")
    Map<AliasView, ModelVersionView> aliasTarget(List<AliasView> aliases) {
        return Batches.perAsOf(aliases, AliasView::asOf, (group, asOf) -> {
            Map<ModelVersionKey, ModelVersionView> found = versionsByKey(group.stream()
                    .map(a -> new ModelVersionKey(a.model(), a.version())).toList(), asOf);
            return perParent(group, a -> found.get(new ModelVersionKey(a.model(), a.version())));
        });
    }

    @BatchMapping(typeName = "ModelVersion", field = "modelInfo")
    Map<ModelVersionView, ModelView> modelInfo(List<ModelVersionView> versions) {
        return Batches.perAsOf(versions, ModelVersionView::asOf, (group, asOf) -> {
            Map<String, ModelView> found = models.findAll(group.stream().map(ModelVersionView::model).distinct()
                    .toList(), asOf).stream().collect(Collectors.toMap(ModelView::name, Function.identity()));
            return perParent(group, v -> found.get(v.model()));
        });
    }

    @BatchMapping(typeName = "ModelVersion", field = "run")
    Map<ModelVersionView, RunView> run(List<ModelVersionView> versions) {
        return Batches.perAsOf(versions, ModelVersionView::asOf, (group, asOf) -> {
            Map<String, RunView> found = runs.findAll(group.stream().map(ModelVersionView::runId)
                            .filter(Objects::nonNull).distinct().toList(), asOf)
                    .stream().collect(Collectors.toMap(RunView::id, Function.identity()));
            return perParent(group, v -> v.runId() == null ? null : found.get(v.runId()));
        });
    }

    /** A page of a version's validations, oldest first. */
    @SchemaMapping(typeName = "ModelVersion", field = "validations")
    CompletableFuture<Connection<ValidationView>> validations(ModelVersionView version, @Argument Integer first,
                                                              @Argument String after, DataFetchingEnvironment env) {
        return validationPages.page(version, first, after, env);
    }

    /** A page of a version's approvals, oldest first. */
    @SchemaMapping(typeName = "ModelVersion", field = "approvals")
    CompletableFuture<Connection<ApprovalView>> approvals(ModelVersionView version, @Argument Integer first,
                                                          @Argument String after, DataFetchingEnvironment env) {
        return approvalPages.page(version, first, after, env);
    }

    @BatchMapping(typeName = "ModelVersion", field = "aliases")
    Map<ModelVersionView, List<String>> versionAliases(List<ModelVersionView> versions) {
        return Batches.perAsOf(versions, ModelVersionView::asOf, (group, asOf) -> {
            Map<ModelVersionKey, List<String>> byKey = models.aliasesOf(group.stream().map(ModelVersionView::model)
                            .distinct().toList(), asOf).stream()
                    .collect(Collectors.groupingBy(a -> new ModelVersionKey(a.model(), a.version()),
                            Collectors.mapping(AliasView::alias, Collectors.toList())));
            return perParent(group, v -> byKey.getOrDefault(v.key(), List.of()));
        });
    }

    @BatchMapping(typeName = "Run", field = "modelVersions")
    Map<RunView, List<ModelVersionView>> builtBy(List<RunView> parents) {
        return Batches.perAsOf(parents, RunView::asOf, (group, asOf) -> {
            Map<String, List<ModelVersionView>> byRun = models.versionsBuiltBy(group.stream().map(RunView::id)
                    .distinct().toList(), asOf).stream().collect(Collectors.groupingBy(ModelVersionView::runId));
            return perParent(group, r -> byRun.getOrDefault(r.id(), List.of()));
        });
    }

    /** Resolves the model field the read side adds to the write API's ModelPayload. */
    @SchemaMapping(typeName = "ModelPayload", field = "model")
    ModelView payloadModel(ModelPayload payload) {
        return models.find(payload.name().value()).orElse(null);
    }

    /** Resolves the modelVersion field the read side adds to the write API's ModelVersionPayload. */
    @SchemaMapping(typeName = "ModelVersionPayload", field = "modelVersion")
    ModelVersionView payloadModelVersion(ModelVersionPayload payload) {
        return models.findVersion(payload.model().value(), payload.version()).orElse(null);
    }

    static String parseName(String field, String raw) {
        try {
            return new ModelName(raw).value();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }

    static int parseVersion(String field, int version) {
        if (version < 1) {
            throw CustodyException.badRequest(field, "must be 1 or more");
        }
        return version;
    }

    private Map<ModelVersionKey, ModelVersionView> versionsByKey(List<ModelVersionKey> keys, AsOf asOf) {
        return models.findVersions(keys, asOf).stream()
                .collect(Collectors.toMap(ModelVersionView::key, Function.identity()));
    }

    private static List<String> names(List<ModelView> parents) {
        return parents.stream().map(ModelView::name).distinct().toList();
    }

    private static List<ModelVersionKey> keys(List<ModelVersionView> versions) {
        return versions.stream().map(ModelVersionView::key).distinct().toList();
    }

    /** A batch answer keyed by parent; a parent without a value is left out and resolves to null. */
    private static <P, V> Map<P, V> perParent(List<P> parents, Function<P, V> valueOf) {
        Map<P, V> out = new LinkedHashMap<>();
        parents.forEach(p -> {
            V value = valueOf.apply(p);
            if (value != null) {
                out.put(p, value);
            }
        });
        return out;
    }
}
