package io.custody.query.model;

import io.custody.commands.model.ModelPayload;
import io.custody.commands.model.ModelVersionPayload;
import io.custody.errors.CustodyException;
import io.custody.query.run.RunRepository;
import io.custody.query.run.RunView;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.ModelName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@Controller
class ModelQueries {

    private final ModelRepository models;
    private final RunRepository runs;

    ModelQueries(ModelRepository models, RunRepository runs) {
        this.models = models;
        this.runs = runs;
    }

    @QueryMapping
    ModelView model(@Argument String name) {
        return models.find(parseName("name", name)).orElse(null);
    }

    @QueryMapping
    Connection<ModelView> models(@Argument Integer first, @Argument String after, @Argument String owner,
                                 @Argument String domain) {
        int size = Cursors.pageSize(first);
        List<ModelView> rows = models.page(Cursors.decode(after), size + 1, owner, domain);
        return Connection.fromOverfetch(rows, size, ModelView::name, models.count(owner, domain));
    }

    @QueryMapping
    ModelVersionView modelVersion(@Argument String model, @Argument int version) {
        return models.findVersion(parseName("model", model), parseVersion("version", version)).orElse(null);
    }

    @BatchMapping(typeName = "Model", field = "versions")
    Map<ModelView, List<ModelVersionView>> versions(List<ModelView> parents) {
        Map<String, List<ModelVersionView>> byModel = models.versionsOf(names(parents)).stream()
                .collect(Collectors.groupingBy(ModelVersionView::model));
        return perParent(parents, p -> byModel.getOrDefault(p.name(), List.of()));
    }

    @BatchMapping(typeName = "Model", field = "aliases")
    Map<ModelView, List<AliasView>> aliases(List<ModelView> parents) {
        Map<String, List<AliasView>> byModel = models.aliasesOf(names(parents)).stream()
                .collect(Collectors.groupingBy(AliasView::model));
        return perParent(parents, p -> byModel.getOrDefault(p.name(), List.of()));
    }

    @BatchMapping(typeName = "ModelAlias", field = "modelVersion")
    Map<AliasView, ModelVersionView> aliasTarget(List<AliasView> aliases) {
        Map<ModelVersionKey, ModelVersionView> found = versionsByKey(aliases.stream()
                .map(a -> new ModelVersionKey(a.model(), a.version())).toList());
        return perParent(aliases, a -> found.get(new ModelVersionKey(a.model(), a.version())));
    }

    @BatchMapping(typeName = "ModelVersion", field = "modelInfo")
    Map<ModelVersionView, ModelView> modelInfo(List<ModelVersionView> versions) {
        Map<String, ModelView> found = models.findAll(versions.stream().map(ModelVersionView::model).distinct().toList())
                .stream().collect(Collectors.toMap(ModelView::name, Function.identity()));
        return perParent(versions, v -> found.get(v.model()));
    }

    @BatchMapping(typeName = "ModelVersion", field = "run")
    Map<ModelVersionView, RunView> run(List<ModelVersionView> versions) {
        Map<String, RunView> found = runs.findAll(versions.stream().map(ModelVersionView::runId)
                        .filter(java.util.Objects::nonNull).distinct().toList())
                .stream().collect(Collectors.toMap(RunView::id, Function.identity()));
        return perParent(versions, v -> v.runId() == null ? null : found.get(v.runId()));
    }

    @BatchMapping(typeName = "ModelVersion", field = "validations")
    Map<ModelVersionView, List<ValidationView>> validations(List<ModelVersionView> versions) {
        Map<ModelVersionKey, List<ValidationView>> byKey = models.validationsOf(keys(versions)).stream()
                .collect(Collectors.groupingBy(ValidationView::key));
        return perParent(versions, v -> byKey.getOrDefault(v.key(), List.of()));
    }

    @BatchMapping(typeName = "ModelVersion", field = "approvals")
    Map<ModelVersionView, List<ApprovalView>> approvals(List<ModelVersionView> versions) {
        Map<ModelVersionKey, List<ApprovalView>> byKey = models.approvalsOf(keys(versions)).stream()
                .collect(Collectors.groupingBy(ApprovalView::key));
        return perParent(versions, v -> byKey.getOrDefault(v.key(), List.of()));
    }

    @BatchMapping(typeName = "ModelVersion", field = "aliases")
    Map<ModelVersionView, List<String>> versionAliases(List<ModelVersionView> versions) {
        Map<ModelVersionKey, List<String>> byKey = models.aliasesOf(versions.stream().map(ModelVersionView::model)
                        .distinct().toList()).stream()
                .collect(Collectors.groupingBy(a -> new ModelVersionKey(a.model(), a.version()),
                        Collectors.mapping(AliasView::alias, Collectors.toList())));
        return perParent(versions, v -> byKey.getOrDefault(v.key(), List.of()));
    }

    @BatchMapping(typeName = "Run", field = "modelVersions")
    Map<RunView, List<ModelVersionView>> builtBy(List<RunView> parents) {
        Map<String, List<ModelVersionView>> byRun = models.versionsBuiltBy(parents.stream().map(RunView::id)
                .distinct().toList()).stream().collect(Collectors.groupingBy(ModelVersionView::runId));
        return perParent(parents, r -> byRun.getOrDefault(r.id(), List.of()));
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

    private Map<ModelVersionKey, ModelVersionView> versionsByKey(List<ModelVersionKey> keys) {
        return models.findVersions(keys).stream().collect(Collectors.toMap(ModelVersionView::key, Function.identity()));
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
