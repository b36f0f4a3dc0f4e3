package io.custody.mlflow;

import io.custody.command.api.Caller;
import io.custody.commands.model.DeleteModelTag;
import io.custody.commands.model.SetModelTags;
import io.custody.meta.Streams;
import io.custody.mlflow.MlflowRequests.ModelTag;
import io.custody.values.ModelName;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.function.Function;

/**
 * Setting and deleting a tag of a registered model ({@code version} null) or of one of its versions: the same
 * checks and the same commands for both kinds of endpoint.
 */
@Component
class MlflowRegistryTags {

    private final MlflowCommands commands;

    MlflowRegistryTags(MlflowCommands commands) {
        this.commands = commands;
    }

    void set(ModelName model, Integer version, String key, String value, Caller caller) {
        String tag = MlflowModels.changeableTag(key);
        MlflowLimits.registryTag(tag, value);
        commands.send(new SetModelTags(model, version, Map.of(tag, value)), Streams.model(model), caller, null);
    }

    void delete(ModelName model, Integer version, String key, Caller caller) {
        commands.send(new DeleteModelTag(model, version, MlflowModels.changeableTag(key)), Streams.model(model), caller,
                null);
    }

    /** MLflow's Python client sends the fields of a DELETE as JSON; a query string is taken too, first. */
    static String field(String param, ModelTag body, Function<ModelTag, String> field) {
        return param != null ? param : body == null ? null : field.apply(body);
    }
}
