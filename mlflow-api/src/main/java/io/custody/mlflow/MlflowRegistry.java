package io.custody.mlflow;

import io.custody.command.lookup.CommandLookups;
import io.custody.commands.model.DeleteRegisteredModel;
import io.custody.commands.model.RegisterModel;
import io.custody.commands.model.RegisterModelVersion;
import io.custody.commands.model.RemoveAlias;
import io.custody.commands.model.SetAlias;
import io.custody.commands.model.TransitionModelVersionStage;
import io.custody.commands.model.UpdateModelDescription;
import io.custody.meta.Streams;
import io.custody.mlflow.MlflowRequests.CreateModelVersion;
import io.custody.mlflow.MlflowRequests.CreateRegisteredModel;
import io.custody.mlflow.MlflowRequests.KeyValue;
import io.custody.mlflow.MlflowRequests.LatestVersions;
import io.custody.mlflow.MlflowRequests.ModelRef;
import io.custody.mlflow.MlflowRequests.VersionRef;
import io.custody.query.mlflow.MlflowQueries;
import io.custody.query.mlflow.MlflowViews.ModelVersion;
import io.custody.query.mlflow.MlflowViews.Page;
import io.custody.query.mlflow.MlflowViews.RegisteredModel;
import io.custody.values.Alias;
import io.custody.values.ContentDigest;
import io.custody.values.ModelName;
import io.custody.values.RiskTier;
import io.custody.values.RunId;
import io.custody.values.TeamName;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code registered-models/*} and {@code model-versions/*}. A registered model is a Custody model; what Custody
 * requires and MLflow cannot say (the owning team, the risk tier that decides the production gates, the artifact's
 * digest) comes from tags ({@code custody.owner}, {@code custody.risk_tier}, {@code custody.domain},
 * {@code custody.artifact_digest}) and is refused when absent, never guessed. A version is built from its run; a
 * stage transition is recorded and moves the alias of the stage's name.
 */
@RestController
class MlflowRegistry {

    static final String MODELS = "/api/2.0/mlflow/registered-models";
    static final String VERSIONS = "/api/2.0/mlflow/model-versions";
    static final String OWNER_TAG = "custody.owner";
    static final String RISK_TIER_TAG = "custody.risk_tier";
    static final String DOMAIN_TAG = "custody.domain";
    static final String DIGEST_TAG = "custody.artifact_digest";
    private static final int MAX_RESULTS = 1000;
    private static final Pattern NAME_FILTER = Pattern.compile(
            "\\s*name\\s*(=|LIKE|ILIKE)\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSION_FILTER = Pattern.compile(
            "\\s*(name|run_id)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*", Pattern.CASE_INSENSITIVE);

    private final MlflowCommands commands;
    private final MlflowQueries queries;
    private final CommandLookups lookups;

    MlflowRegistry(MlflowCommands commands, MlflowQueries queries, CommandLookups lookups) {
        this.commands = commands;
        this.queries = queries;
        this.lookups = lookups;
    }

    // ---- registered models

    @PostMapping(MODELS + "/create")
    Map<String, Object> create(@RequestBody CreateRegisteredModel request, HttpServletRequest http) {
        ModelName name = name(request.name());
        // A deleted model's name stays taken: it is the identity of every event of its stream.
        if (lookups.modelExists(name)) {
            throw MlflowException.exists("Registered Model (name=" + name + ") already exists"
                    + (lookups.modelDeleted(name) ? " (deleted; its name is kept with its history)." : "."));
        }
        Map<String, String> tags = MlflowLimits.tags(request.tags());
        TeamName owner = MlflowCommands.value("tags." + OWNER_TAG, requiredTag(tags, OWNER_TAG), TeamName::of);
        RiskTier tier = riskTier(requiredTag(tags, RISK_TIER_TAG));
        RegisterModel command = new RegisterModel(name, owner, tags.get(DOMAIN_TAG), tier, request.description());
        try {
            commands.send(command, command.streamId(), MlflowCommands.caller(http), null);
        } catch (MlflowException e) {
            if (lookups.modelExists(name)) {
                throw MlflowException.exists("Registered Model (name=" + name + ") already exists.");
            }
            throw e;
        }
        return Map.of("registered_model", model(name.value()));
    }

    @GetMapping(MODELS + "/get")
    Map<String, Object> get(@RequestParam("name") String name) {
        return Map.of("registered_model", model(name));
    }

    @GetMapping(MODELS + "/search")
    Map<String, Object> search(@RequestParam(name = "filter", required = false) String filter,
                               @RequestParam(name = "max_results", required = false) Integer maxResults,
                               @RequestParam(name = "page_token", required = false) String pageToken) {
        String pattern = null;
        if (filter != null && !filter.isBlank()) {
            Matcher m = NAME_FILTER.matcher(filter);
            if (!m.matches()) {
                throw MlflowException.invalid("Invalid filter '" + filter + "': registered models are searched by "
                        + "name only (name = '...', name LIKE '...', name ILIKE '...')");
            }
            String value = m.group(2) != null ? m.group(2) : m.group(3);
            pattern = m.group(1).equals("=") ? value.replace("%", "\\%").replace("_", "\\_") : value;
        }
        Page<RegisteredModel> page = queries.registeredModels(pattern, MlflowLimits.maxResults(maxResults, MAX_RESULTS),
                PageTokens.offset(pageToken));
        return PageTokens.answer("registered_models", page);
    }

    @PatchMapping(MODELS + "/update")
    Map<String, Object> update(@RequestBody ModelRef request, HttpServletRequest http) {
        ModelName name = existingModel(request.name());
        commands.send(new UpdateModelDescription(name, null, request.description()), Streams.model(name),
                MlflowCommands.caller(http), null);
        return Map.of("registered_model", model(name.value()));
    }

    @PostMapping(MODELS + "/rename")
    Map<String, Object> rename(@RequestBody ModelRef request) {
        existingModel(request.name());
        throw MlflowException.invalid("Registered models cannot be renamed in Custody: a model's name is its identity "
                + "in every recorded event; register a new model instead");
    }

    /** A tombstone ({@code RegisteredModelDeleted}): MLflow stops answering the model, its history stays. */
    @DeleteMapping(MODELS + "/delete")
    Map<String, Object> delete(@RequestParam(name = "name", required = false) String name,
                               @RequestBody(required = false) ModelRef request, HttpServletRequest http) {
        ModelName model = existingModel(name != null ? name : request == null ? null : request.name());
        commands.send(new DeleteRegisteredModel(model), Streams.model(model), MlflowCommands.caller(http), null);
        return Map.of();
    }

    @GetMapping(MODELS + "/get-latest-versions")
    Map<String, Object> latestByQuery(@RequestParam("name") String name,
                                      @RequestParam(name = "stages", required = false) List<String> stages) {
        return latest(new LatestVersions(name, stages));
    }

    @PostMapping(MODELS + "/get-latest-versions")
    Map<String, Object> latest(@RequestBody LatestVersions request) {
        ModelName name = existingModel(request.name());
        return Map.of("model_versions", queries.latestVersions(name.value(),
                request.stages() == null ? List.of() : request.stages()));
    }

    @PostMapping(MODELS + "/alias")
    Map<String, Object> setAlias(@RequestBody MlflowRequests.SetAlias request, HttpServletRequest http) {
        ModelName name = existingModel(request.name());
        Alias alias = MlflowCommands.value("alias", request.alias(), Alias::of);
        int version = version(request.version());
        commands.send(new SetAlias(name, alias, version), Streams.model(name), MlflowCommands.caller(http), null);
        return Map.of();
    }

    @DeleteMapping(MODELS + "/alias")
    Map<String, Object> deleteAlias(@RequestParam("name") String rawName, @RequestParam("alias") String rawAlias,
                                    HttpServletRequest http) {
        ModelName name = existingModel(rawName);
        Alias alias = MlflowCommands.value("alias", rawAlias, Alias::of);
        commands.send(new RemoveAlias(name, alias), Streams.model(name), MlflowCommands.caller(http), null);
        return Map.of();
    }

    @GetMapping(MODELS + "/alias")
    Map<String, Object> getByAlias(@RequestParam("name") String name, @RequestParam("alias") String alias) {
        existingModel(name);
        return Map.of("model_version", queries.modelVersionByAlias(name, alias).orElseThrow(() ->
                MlflowException.missing("Registered model alias " + alias + " not found.")));
    }

    // ---- model versions

    @PostMapping(VERSIONS + "/create")
    Map<String, Object> createVersion(@RequestBody CreateModelVersion request, HttpServletRequest http) {
        ModelName name = existingModel(request.name());
        String source = MlflowCommands.required("source", request.source());
        RunId run = MlflowCommands.value("run_id", request.runId(), RunId::of);
        if (queries.runInfo(run.value()).isEmpty()) {
            throw MlflowException.missing("Run with id=" + run + " not found");
        }
        Map<String, String> tags = MlflowLimits.tags(request.tags());
        ContentDigest digest = MlflowCommands.value("tags." + DIGEST_TAG, requiredTag(tags, DIGEST_TAG),
                ContentDigest::of);
        RegisterModelVersion command = new RegisterModelVersion(name, run, source, digest, null, request.description());
        Object number = commands.send(command, command.streamId(), MlflowCommands.caller(http), null);
        if (!(number instanceof Integer version)) {
            throw new IllegalStateException("a version registration answered " + number);
        }
        return Map.of("model_version", version(name.value(), version));
    }

    @GetMapping(VERSIONS + "/get")
    Map<String, Object> getVersion(@RequestParam("name") String name, @RequestParam("version") String version) {
        return Map.of("model_version", version(name, version(version)));
    }

    @GetMapping(VERSIONS + "/search")
    Map<String, Object> searchVersions(@RequestParam(name = "filter", required = false) String filter,
                                       @RequestParam(name = "max_results", required = false) Integer maxResults,
                                       @RequestParam(name = "page_token", required = false) String pageToken) {
        String name = null;
        String run = null;
        if (filter != null && !filter.isBlank()) {
            for (String clause : filter.split("(?i)\\s+AND\\s+")) {
                Matcher m = VERSION_FILTER.matcher(clause);
                if (!m.matches()) {
                    throw MlflowException.invalid("Invalid filter '" + filter + "': model versions are searched by "
                            + "name = '...' and run_id = '...'");
                }
                String value = m.group(2) != null ? m.group(2) : m.group(3);
                if (m.group(1).equalsIgnoreCase("name")) {
                    name = value;
                } else {
                    run = value;
                }
            }
        }
        Page<ModelVersion> page = queries.modelVersions(name, run, MlflowLimits.maxResults(maxResults, 200_000),
                PageTokens.offset(pageToken));
        return PageTokens.answer("model_versions", page);
    }

    @PatchMapping(VERSIONS + "/update")
    Map<String, Object> updateVersion(@RequestBody VersionRef request, HttpServletRequest http) {
        ModelName name = existingModel(request.name());
        int version = version(request.version());
        version(name.value(), version);
        commands.send(new UpdateModelDescription(name, version, request.description()), Streams.model(name),
                MlflowCommands.caller(http), null);
        return Map.of("model_version", version(name.value(), version));
    }

    @PostMapping(VERSIONS + "/transition-stage")
    Map<String, Object> transition(@RequestBody VersionRef request, HttpServletRequest http) {
        ModelName name = existingModel(request.name());
        int version = version(request.version());
        version(name.value(), version);
        String stage = MlflowCommands.required("stage", request.stage());
        commands.send(new TransitionModelVersionStage(name, version, stage,
                Boolean.TRUE.equals(request.archiveExistingVersions())), Streams.model(name), MlflowCommands.caller(http),
                null);
        return Map.of("model_version", version(name.value(), version));
    }

    /** Custody stores no artifacts: the answer is the source URI the version was registered with. */
    @GetMapping(VERSIONS + "/get-download-uri")
    Map<String, Object> downloadUri(@RequestParam("name") String name, @RequestParam("version") String version) {
        return Map.of("artifact_uri", version(name, version(version)).source());
    }

    // ----


    private static ModelName name(String raw) {
        return MlflowCommands.value("name", raw, ModelName::of);
    }

    private ModelName existingModel(String raw) {
        ModelName name = name(raw);
        model(name.value());
        return name;
    }

    private RegisteredModel model(String name) {
        return queries.registeredModel(name).orElseThrow(() -> MlflowException.missing("Registered Model with name="
                + name + " not found"));
    }

    private ModelVersion version(String name, int version) {
        return queries.modelVersion(name, version).orElseThrow(() -> MlflowException.missing("Model Version (name="
                + name + ", version=" + version + ") not found"));
    }

    private static int version(String raw) {
        String value = MlflowCommands.required("version", raw);
        try {
            int version = Integer.parseInt(value.strip());
            if (version < 1) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw MlflowException.invalid("Model version must be a positive integer, got '" + raw + "'");
        }
    }


    private static String requiredTag(Map<String, String> tags, String key) {
        String value = tags.get(key);
        if (value == null || value.isBlank()) {
            throw MlflowException.invalid("Missing tag '" + key + "': Custody needs it and MLflow has no field for it, "
                    + "so it is given as a tag (docs/mlflow.md)");
        }
        return value;
    }

    private static RiskTier riskTier(String raw) {
        try {
            return RiskTier.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalid("Invalid value '" + raw + "' for tag '" + RISK_TIER_TAG + "': expected one of "
                    + List.of(RiskTier.values()));
        }
    }
}
