package io.custody.mlflow;

import io.custody.commands.model.RegisterModelVersion;
import io.custody.commands.model.SetModelTags;
import io.custody.commands.model.TransitionModelVersionStage;
import io.custody.commands.model.UpdateModelDescription;
import io.custody.meta.Streams;
import io.custody.mlflow.MlflowRequests.CreateModelVersion;
import io.custody.mlflow.MlflowRequests.ModelTag;
import io.custody.mlflow.MlflowRequests.VersionRef;
import io.custody.query.mlflow.MlflowQueries;
import io.custody.query.mlflow.MlflowRegistryQueries;
import io.custody.query.mlflow.MlflowViews.ModelVersion;
import io.custody.query.mlflow.MlflowViews.Page;
import io.custody.query.mlflow.RegistryFilter.Field;
import io.custody.values.ContentDigest;
import io.custody.values.ModelName;
import io.custody.values.RunId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Set;

/**
 * {@code model-versions/*}. A version is built from its run, with the artifact's digest from the tag
 * {@code custody.artifact_digest} (required: MLflow has no field for it); every tag given is kept as the version's
 * MLflow tag. A stage transition is recorded and moves the alias of the stage's name.
 */
@RestController
class MlflowModelVersions {

    static final String VERSIONS = "/api/2.0/mlflow/model-versions";
    static final String DIGEST_TAG = "custody.artifact_digest";
    private static final int MAX_RESULTS = 200_000;

    private final MlflowCommands commands;
    private final MlflowQueries runs;
    private final MlflowRegistryQueries queries;
    private final MlflowModels models;
    private final MlflowRegistryTags registryTags;

    MlflowModelVersions(MlflowCommands commands, MlflowQueries runs, MlflowRegistryQueries queries,
                        MlflowModels models, MlflowRegistryTags registryTags) {
        this.commands = commands;
        this.runs = runs;
        this.queries = queries;
        this.models = models;
        this.registryTags = registryTags;
    }

    @PostMapping(VERSIONS + "/create")
    Map<String, Object> create(@RequestBody CreateModelVersion request, HttpServletRequest http) {
        ModelName model = models.identity(request.name());
        String source = MlflowCommands.required("source", request.source());
        RunId run = MlflowCommands.value("run_id", request.runId(), RunId::of);
        if (runs.runInfo(run.value()).isEmpty()) {
            throw MlflowException.missing("Run with id=" + run + " not found");
        }
        Map<String, String> tags = MlflowModels.registryTags(request.tags());
        String digestTag = tags.get(DIGEST_TAG);
        if (digestTag == null || digestTag.isBlank()) {
            throw MlflowException.invalid("Missing tag '" + DIGEST_TAG + "': Custody needs it and MLflow has no field "
                    + "for it, so it is given as a tag (docs/mlflow.md)");
        }
        ContentDigest digest = MlflowCommands.value("tags." + DIGEST_TAG, digestTag, ContentDigest::of);
        if (!digest.pinsContent()) {
            throw MlflowException.invalid("Invalid value '" + digestTag + "' for tag '" + DIGEST_TAG
                    + "': expected sha256: followed by 64 hex digits");
        }
        RegisterModelVersion command = new RegisterModelVersion(model, run, source, digest, null, request.description());
        Object number = commands.send(command, command.streamId(), MlflowCommands.caller(http), null);
        if (!(number instanceof Integer version)) {
            throw new IllegalStateException("a version registration answered " + number);
        }
        commands.send(new SetModelTags(model, version, tags), command.streamId(), MlflowCommands.caller(http), null);
        return Map.of("model_version", models.version(request.name(), version));
    }

    @GetMapping(VERSIONS + "/get")
    Map<String, Object> get(@RequestParam("name") String name, @RequestParam("version") String version) {
        return Map.of("model_version", models.version(name, MlflowModels.version(version)));
    }

    @GetMapping(VERSIONS + "/search")
    Map<String, Object> search(@RequestParam(name = "filter", required = false) String filter,
                               @RequestParam(name = "max_results", required = false) Integer maxResults,
                               @RequestParam(name = "page_token", required = false) String pageToken) {
        Page<ModelVersion> page = queries.modelVersions(RegistryFilters.parse(filter, Set.of(Field.NAME, Field.RUN_ID,
                Field.TAG), "model versions"), MlflowLimits.maxResults(maxResults, MAX_RESULTS),
                PageTokens.offset(pageToken));
        return PageTokens.answer("model_versions", page);
    }

    @PatchMapping(VERSIONS + "/update")
    Map<String, Object> update(@RequestBody VersionRef request, HttpServletRequest http) {
        ModelName model = models.identity(request.name());
        int version = existing(request.name(), request.version());
        commands.send(new UpdateModelDescription(model, version, request.description()), Streams.model(model),
                MlflowCommands.caller(http), null);
        return Map.of("model_version", models.version(request.name(), version));
    }

    @PostMapping(VERSIONS + "/transition-stage")
    Map<String, Object> transition(@RequestBody VersionRef request, HttpServletRequest http) {
        ModelName model = models.identity(request.name());
        int version = existing(request.name(), request.version());
        String stage = MlflowCommands.required("stage", request.stage());
        commands.send(new TransitionModelVersionStage(model, version, stage,
                Boolean.TRUE.equals(request.archiveExistingVersions())), Streams.model(model), MlflowCommands.caller(http),
                null);
        return Map.of("model_version", models.version(request.name(), version));
    }

    /** Custody stores no artifacts: the answer is the source URI the version was registered with. */
    @GetMapping(VERSIONS + "/get-download-uri")
    Map<String, Object> downloadUri(@RequestParam("name") String name, @RequestParam("version") String version) {
        return Map.of("artifact_uri", models.version(name, MlflowModels.version(version)).source());
    }

    @PostMapping(VERSIONS + "/set-tag")
    Map<String, Object> setTag(@RequestBody ModelTag request, HttpServletRequest http) {
        ModelName model = models.identity(request.name());
        registryTags.set(model, existing(request.name(), request.version()), request.key(), request.value(),
                MlflowCommands.caller(http));
        return Map.of();
    }

    @DeleteMapping(VERSIONS + "/delete-tag")
    Map<String, Object> deleteTag(@RequestParam(name = "name", required = false) String name,
                                  @RequestParam(name = "version", required = false) String version,
                                  @RequestParam(name = "key", required = false) String key,
                                  @RequestBody(required = false) ModelTag request, HttpServletRequest http) {
        String rawName = MlflowRegistryTags.field(name, request, ModelTag::name);
        ModelName model = models.identity(rawName);
        int number = existing(rawName, MlflowRegistryTags.field(version, request, ModelTag::version));
        registryTags.delete(model, number, MlflowRegistryTags.field(key, request, ModelTag::key), MlflowCommands.caller(http));
        return Map.of();
    }

    private int existing(String name, String rawVersion) {
        int version = MlflowModels.version(rawVersion);
        models.version(name, version);
        return version;
    }
}
