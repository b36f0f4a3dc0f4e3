package io.custody.mlflow;

import io.custody.command.lookup.CommandLookups;
import io.custody.commands.model.DeleteRegisteredModel;
import io.custody.commands.model.RegisterModel;
import io.custody.commands.model.RemoveAlias;
import io.custody.commands.model.RenameRegisteredModel;
import io.custody.commands.model.SetAlias;
import io.custody.commands.model.SetModelTags;
import io.custody.commands.model.UpdateModelDescription;
import io.custody.meta.Streams;
import io.custody.mlflow.MlflowRequests.CreateRegisteredModel;
import io.custody.mlflow.MlflowRequests.LatestVersions;
import io.custody.mlflow.MlflowRequests.ModelRef;
import io.custody.mlflow.MlflowRequests.ModelTag;
import io.custody.query.mlflow.MlflowRegistryQueries;
import io.custody.query.mlflow.MlflowViews.Page;
import io.custody.query.mlflow.MlflowViews.RegisteredModel;
import io.custody.query.mlflow.RegistryFilter.Field;
import io.custody.values.Alias;
import io.custody.values.ModelName;
import io.custody.values.RiskTier;
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
import java.util.Set;

/**
 * {@code registered-models/*}. A registered model is a Custody model; what Custody requires and MLflow cannot say
 * (the owning team, the risk tier that decides the production gates) comes from tags ({@code custody.owner},
 * {@code custody.risk_tier}, {@code custody.domain}) and is refused when absent, never guessed. Every tag given is
 * also kept as the model's MLflow tag. A rename gives the model the name MLflow clients know it by; its identity
 * in Custody's events stays ({@link MlflowModels}).
 */
@RestController
class MlflowRegistry {

    static final String MODELS = "/api/2.0/mlflow/registered-models";
    static final String OWNER_TAG = "custody.owner";
    static final String RISK_TIER_TAG = "custody.risk_tier";
    static final String DOMAIN_TAG = "custody.domain";
    private static final int MAX_RESULTS = 1000;

    private final MlflowCommands commands;
    private final MlflowRegistryQueries queries;
    private final CommandLookups lookups;
    private final MlflowModels models;
    private final MlflowRegistryTags registryTags;

    MlflowRegistry(MlflowCommands commands, MlflowRegistryQueries queries, CommandLookups lookups, MlflowModels models,
                   MlflowRegistryTags registryTags) {
        this.commands = commands;
        this.queries = queries;
        this.lookups = lookups;
        this.models = models;
        this.registryTags = registryTags;
    }

    @PostMapping(MODELS + "/create")
    Map<String, Object> create(@RequestBody CreateRegisteredModel request, HttpServletRequest http) {
        ModelName name = MlflowModels.name(request.name());
        Map<String, String> tags = MlflowModels.registryTags(request.tags());
        requireFree(name);
        TeamName owner = MlflowCommands.value("tags." + OWNER_TAG, requiredTag(tags, OWNER_TAG), TeamName::of);
        RiskTier tier = riskTier(requiredTag(tags, RISK_TIER_TAG));
        RegisterModel command = new RegisterModel(name, owner, tags.get(DOMAIN_TAG), tier, request.description());
        try {
            commands.send(command, command.streamId(), MlflowCommands.caller(http), null);
        } catch (MlflowException e) {
            requireFree(name);
            throw e;
        }
        commands.send(new SetModelTags(name, null, tags), command.streamId(), MlflowCommands.caller(http), null);
        return Map.of("registered_model", models.model(name.value()));
    }

    /** A name is taken while a model has it as its identity (deleted or renamed too) or as its MLflow name. */
    private void requireFree(ModelName name) {
        lookups.modelNamed(name).ifPresent(model -> {
            throw MlflowException.exists("Registered Model (name=" + name + ") already exists"
                    + (!model.equals(name) ? "." : lookups.modelDeleted(name)
                    ? " (deleted; its name is kept with its history)." : lookups.mlflowModel(name).isEmpty()
                    ? " (renamed; its name is kept as its identity in Custody's events)." : "."));
        });
    }

    @GetMapping(MODELS + "/get")
    Map<String, Object> get(@RequestParam("name") String name) {
        return Map.of("registered_model", models.model(name));
    }

    @GetMapping(MODELS + "/search")
    Map<String, Object> search(@RequestParam(name = "filter", required = false) String filter,
                               @RequestParam(name = "max_results", required = false) Integer maxResults,
                               @RequestParam(name = "page_token", required = false) String pageToken) {
        Page<RegisteredModel> page = queries.registeredModels(RegistryFilters.parse(filter, Set.of(Field.NAME,
                Field.TAG), "registered models"), MlflowLimits.maxResults(maxResults, MAX_RESULTS),
                PageTokens.offset(pageToken));
        return PageTokens.answer("registered_models", page);
    }

    @PatchMapping(MODELS + "/update")
    Map<String, Object> update(@RequestBody ModelRef request, HttpServletRequest http) {
        ModelName model = models.identity(request.name());
        commands.send(new UpdateModelDescription(model, null, request.description()), Streams.model(model),
                MlflowCommands.caller(http), null);
        return Map.of("registered_model", models.model(request.name()));
    }

    /**
     * {@code RegisteredModelRenamed}: MLflow clients find the model, its versions and aliases under the new name
     * only. Custody's identity of the model stays, so its lineage and history hold; the old name stays taken.
     */
    @PostMapping(MODELS + "/rename")
    Map<String, Object> rename(@RequestBody ModelRef request, HttpServletRequest http) {
        ModelName model = models.identity(request.name());
        ModelName newName = MlflowCommands.value("new_name", request.newName(), ModelName::of);
        lookups.modelNamed(newName).filter(other -> !other.equals(model)).ifPresent(other -> {
            throw MlflowException.exists("Registered Model (name=" + newName + ") already exists.");
        });
        try {
            commands.send(new RenameRegisteredModel(model, newName), Streams.model(model), MlflowCommands.caller(http),
                    null);
        } catch (MlflowException e) {
            if (lookups.modelNamed(newName).filter(other -> !other.equals(model)).isPresent()) {
                throw MlflowException.exists("Registered Model (name=" + newName + ") already exists.");
            }
            throw e;
        }
        return Map.of("registered_model", models.model(newName.value()));
    }

    /** A tombstone ({@code RegisteredModelDeleted}): MLflow stops answering the model, its history stays. */
    @DeleteMapping(MODELS + "/delete")
    Map<String, Object> delete(@RequestParam(name = "name", required = false) String name,
                               @RequestBody(required = false) ModelRef request, HttpServletRequest http) {
        ModelName model = models.identity(name != null ? name : request == null ? null : request.name());
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
        RegisteredModel model = models.model(MlflowModels.name(request.name()).value());
        return Map.of("model_versions", queries.latestVersions(model.name(),
                request.stages() == null ? List.of() : request.stages()));
    }

    @PostMapping(MODELS + "/alias")
    Map<String, Object> setAlias(@RequestBody MlflowRequests.SetAlias request, HttpServletRequest http) {
        ModelName model = models.identity(request.name());
        Alias alias = MlflowCommands.value("alias", request.alias(), Alias::of);
        int version = MlflowModels.version(request.version());
        commands.send(new SetAlias(model, alias, version), Streams.model(model), MlflowCommands.caller(http), null);
        return Map.of();
    }

    /** MLflow's Python client sends the fields of a DELETE as JSON; a query string is taken too. */
    @DeleteMapping(MODELS + "/alias")
    Map<String, Object> deleteAlias(@RequestParam(name = "name", required = false) String rawName,
                                    @RequestParam(name = "alias", required = false) String rawAlias,
                                    @RequestBody(required = false) MlflowRequests.SetAlias request,
                                    HttpServletRequest http) {
        ModelName model = models.identity(rawName != null ? rawName : request == null ? null : request.name());
        Alias alias = MlflowCommands.value("alias", rawAlias != null ? rawAlias : request == null ? null
                : request.alias(), Alias::of);
        commands.send(new RemoveAlias(model, alias), Streams.model(model), MlflowCommands.caller(http), null);
        return Map.of();
    }

    @GetMapping(MODELS + "/alias")
    Map<String, Object> getByAlias(@RequestParam("name") String name, @RequestParam("alias") String alias) {
        models.model(name);
        return Map.of("model_version", queries.modelVersionByAlias(name, alias).orElseThrow(() ->
                MlflowException.missing("Registered model alias " + alias + " not found.")));
    }

    @PostMapping(MODELS + "/set-tag")
    Map<String, Object> setTag(@RequestBody ModelTag request, HttpServletRequest http) {
        registryTags.set(models.identity(request.name()), null, request.key(), request.value(), MlflowCommands.caller(http));
        return Map.of();
    }

    @DeleteMapping(MODELS + "/delete-tag")
    Map<String, Object> deleteTag(@RequestParam(name = "name", required = false) String name,
                                  @RequestParam(name = "key", required = false) String key,
                                  @RequestBody(required = false) ModelTag request, HttpServletRequest http) {
        registryTags.delete(models.identity(MlflowRegistryTags.field(name, request, ModelTag::name)), null,
                MlflowRegistryTags.field(key, request, ModelTag::key), MlflowCommands.caller(http));
        return Map.of();
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
