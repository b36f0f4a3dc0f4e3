package io.custody.mlflow;

import io.custody.command.lookup.CommandLookups;
import io.custody.query.mlflow.MlflowRegistryQueries;
import io.custody.query.mlflow.MlflowViews.ModelVersion;
import io.custody.query.mlflow.MlflowViews.RegisteredModel;
import io.custody.values.ModelName;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Map;

/**
 * How the registry's endpoints find a model: by the name MLflow clients know it by, its own name until a
 * {@code registered-models/rename}. Commands go to the model's identity (from the command-side lookup, current with
 * the store); answers come from the MLflow read model, under the MLflow name.
 */
@Component
class MlflowModels {

    /** Tags Custody reads at registration as its own facts; they are fixed there, so no later call changes them. */
    static final String CUSTODY_TAGS = "custody.";

    private final CommandLookups lookups;
    private final MlflowRegistryQueries queries;

    MlflowModels(CommandLookups lookups, MlflowRegistryQueries queries) {
        this.lookups = lookups;
        this.queries = queries;
    }

    static ModelName name(String raw) {
        return MlflowCommands.value("name", raw, ModelName::of);
    }

    /** The identity of the live model MLflow clients know as {@code raw}. */
    ModelName identity(String raw) {
        ModelName name = name(raw);
        return lookups.mlflowModel(name).orElseThrow(() -> missing(name.value()));
    }

    RegisteredModel model(String name) {
        return queries.registeredModel(name).orElseThrow(() -> missing(name));
    }

    ModelVersion version(String name, int version) {
        return queries.modelVersion(name, version).orElseThrow(() -> MlflowException.missing("Model Version (name="
                + name + ", version=" + version + ") not found"));
    }

    static MlflowException missing(String name) {
        return MlflowException.missing("Registered Model with name=" + name + " not found");
    }

    static int version(String raw) {
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

    /** A tag a set-tag or delete-tag call names: not one of Custody's own, fixed at registration. */
    static String changeableTag(String key) {
        MlflowCommands.required("key", key);
        if (key.toLowerCase(Locale.ROOT).startsWith(CUSTODY_TAGS)) {
            throw MlflowException.invalid("Tag '" + key + "' is read by Custody at registration and cannot change "
                    + "afterwards (docs/mlflow.md)");
        }
        return key;
    }

    static Map<String, String> registryTags(java.util.List<MlflowRequests.KeyValue> tags) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (MlflowRequests.KeyValue tag : tags == null ? java.util.List.<MlflowRequests.KeyValue>of() : tags) {
            MlflowLimits.registryTag(tag.key(), tag.value());
            map.put(tag.key(), tag.value());
        }
        return map;
    }
}
