package io.custody.command.model;

import io.custody.command.lookup.CommandLookups;
import io.custody.commands.model.DeleteModelTag;
import io.custody.commands.model.RenameRegisteredModel;
import io.custody.commands.model.SetModelTags;
import io.custody.errors.CustodyException;
import io.custody.events.model.ModelTagDeleted;
import io.custody.events.model.ModelTagsSet;
import io.custody.events.model.RegisteredModelRenamed;
import io.custody.values.ModelName;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What MLflow's registry says of a model beyond Custody's own facts: the name its clients know it by (its identity
 * until renamed) and the tags of the model and of its versions. Part of {@link ModelAggregate}'s state; each
 * method answers the event a command means, or none when it changes nothing.
 */
final class ModelMlflowFacets {

    /** The key of the model's own tags among its versions' tags. */
    private static final int MODEL = 0;
    private static final int MAX_KEY = 250;
    private static final int MAX_VALUE = 5000;

    private ModelName name;
    private final Map<Integer, Map<String, String>> tags = new HashMap<>();

    Optional<ModelTagsSet> set(SetModelTags command) {
        Map<String, String> current = tags.getOrDefault(key(command.version()), Map.of());
        Map<String, String> changed = new LinkedHashMap<>();
        command.tags().forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > MAX_KEY) {
                throw CustodyException.badRequest("input.tags", "a tag key must have 1 to " + MAX_KEY + " characters");
            }
            if (value == null || value.length() > MAX_VALUE) {
                throw CustodyException.badRequest("input.tags", "tag " + key + " needs a value of at most " + MAX_VALUE
                        + " characters");
            }
            if (!value.equals(current.get(key))) {
                changed.put(key, value);
            }
        });
        return changed.isEmpty() ? Optional.empty()
                : Optional.of(new ModelTagsSet(command.model(), command.version(), changed));
    }

    Optional<ModelTagDeleted> delete(DeleteModelTag command) {
        if (!tags.getOrDefault(key(command.version()), Map.of()).containsKey(command.key())) {
            throw CustodyException.notFound("input.key", (command.version() == null ? "model " + command.model()
                    : command.model() + "#" + command.version()) + " has no tag " + command.key());
        }
        return Optional.of(new ModelTagDeleted(command.model(), command.version(), command.key()));
    }

    /** A name no other model has, as its identity or as the name MLflow clients know it by. */
    Optional<RegisteredModelRenamed> rename(RenameRegisteredModel command, CommandLookups lookups) {
        ModelName current = name == null ? command.model() : name;
        if (current.equals(command.name())) {
            return Optional.empty();
        }
        lookups.modelNamed(command.name()).filter(other -> !other.equals(command.model())).ifPresent(other -> {
            throw CustodyException.conflict("input.name", "the name " + command.name() + " is taken by model "
                    + other + " (a model's own name stays taken, even deleted or renamed)");
        });
        return Optional.of(new RegisteredModelRenamed(command.model(), command.name(), current));
    }

    void on(ModelTagsSet event) {
        tags.computeIfAbsent(key(event.version()), k -> new HashMap<>()).putAll(event.tags());
    }

    void on(ModelTagDeleted event) {
        tags.getOrDefault(key(event.version()), new HashMap<>()).remove(event.key());
    }

    void on(RegisteredModelRenamed event) {
        name = Objects.equals(event.name(), event.model()) ? null : event.name();
    }

    private static int key(Integer version) {
        return version == null ? MODEL : version;
    }
}
