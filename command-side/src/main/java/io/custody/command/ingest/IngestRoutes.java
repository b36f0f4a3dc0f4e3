package io.custody.command.ingest;

import io.custody.command.api.Caller;
import io.custody.command.dataset.DatasetInputs;
import io.custody.command.deployment.DeploymentInputs;
import io.custody.command.model.ModelInputs;
import io.custody.command.run.RunInputs;
import io.custody.errors.CustodyException;
import org.springframework.stereotype.Component;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The command types the lifecycle ingest accepts, each with the input record its payload is read into
 * (the same one the GraphQL mutation uses) and how that input becomes a command.
 */
@Component
public class IngestRoutes {

    public record Route(Class<?> inputType, BiFunction<Object, Caller, Object> toCommand) {

        /** Every command record exposes its stream through {@code streamId()}, Axon's routing key. */
        String streamOf(Object command) {
            try {
                return (String) command.getClass().getMethod("streamId").invoke(command);
            } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(command.getClass() + " has no streamId()", e);
            }
        }
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();

    public IngestRoutes() {
        add("RegisterDataset", DatasetInputs.RegisterDatasetInput.class, (in, caller) -> in.toCommand());
        add("RegisterDatasetVersion", DatasetInputs.RegisterDatasetVersionInput.class, (in, caller) -> in.toCommand());
        add("QuarantineDatasetVersion", DatasetInputs.QuarantineDatasetVersionInput.class, (in, caller) -> in.toCommand());
        add("DeprecateDataset", DatasetInputs.DeprecateDatasetInput.class, (in, caller) -> in.toCommand());
        add("StartRun", RunInputs.StartRunInput.class, RunInputs.StartRunInput::toCommand);
        add("LogMetrics", RunInputs.LogMetricsInput.class, RunInputs.LogMetricsInput::toCommand);
        add("LogArtifact", RunInputs.LogArtifactInput.class, RunInputs.LogArtifactInput::toCommand);
        add("CompleteRun", RunInputs.CompleteRunInput.class, RunInputs.CompleteRunInput::toCommand);
        add("FailRun", RunInputs.FailRunInput.class, RunInputs.FailRunInput::toCommand);
        add("RegisterModel", ModelInputs.RegisterModelInput.class, ModelInputs.RegisterModelInput::toCommand);
        add("RegisterModelVersion", ModelInputs.RegisterModelVersionInput.class,
                ModelInputs.RegisterModelVersionInput::toCommand);
        add("RecordValidation", ModelInputs.RecordValidationInput.class, ModelInputs.RecordValidationInput::toCommand);
        add("ApproveModelVersion", ModelInputs.ApproveModelVersionInput.class,
                ModelInputs.ApproveModelVersionInput::toCommand);
        add("SetAlias", ModelInputs.SetAliasInput.class, ModelInputs.SetAliasInput::toCommand);
        add("RemoveAlias", ModelInputs.RemoveAliasInput.class, ModelInputs.RemoveAliasInput::toCommand);
        add("ArchiveModelVersion", ModelInputs.ArchiveModelVersionInput.class,
                ModelInputs.ArchiveModelVersionInput::toCommand);
        add("DeployModelVersion", DeploymentInputs.DeployModelVersionInput.class,
                DeploymentInputs.DeployModelVersionInput::toCommand);
        add("RollBack", DeploymentInputs.RollBackInput.class, DeploymentInputs.RollBackInput::toCommand);
        add("Undeploy", DeploymentInputs.UndeployInput.class, DeploymentInputs.UndeployInput::toCommand);
    }

    @SuppressWarnings("unchecked")
    <I> void add(String type, Class<I> inputType, BiFunction<I, Caller, Object> toCommand) {
        routes.put(type, new Route(inputType, (in, caller) -> toCommand.apply((I) in, caller)));
    }

    public Route route(String type) {
        if (type == null || type.isBlank()) {
            throw CustodyException.badRequest("type", "is required: one of " + new TreeSet<>(routes.keySet()));
        }
        Route route = routes.get(type);
        if (route == null) {
            throw CustodyException.badRequest("type", "'" + type + "' is not a command Custody accepts; one of "
                    + new TreeSet<>(routes.keySet()));
        }
        return route;
    }

    public java.util.Set<String> types() {
        return routes.keySet();
    }
}
