package io.custody.command.deployment;

import io.custody.command.api.Caller;
import io.custody.command.api.Inputs;
import io.custody.commands.deployment.DeployModelVersion;
import io.custody.commands.deployment.RollBack;
import io.custody.commands.deployment.Undeploy;
import io.custody.errors.CustodyException;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;

/**
 * The wire shapes of the deployment commands, shared by GraphQL and the HTTP ingest, and their
 * validation. Who deployed is always the caller.
 */
public final class DeploymentInputs {

    private DeploymentInputs() {
    }

    public record DeployModelVersionInput(String environment, String service, String model, Integer version,
                                          Double canaryShare, String clientEventId) {

        public DeployModelVersion toCommand(Caller caller) {
            ModelName name = Inputs.required("input.model", model, ModelName::new);
            if (Inputs.present("input.version", version) < 1) {
                throw CustodyException.badRequest("input.version", "must be 1 or more");
            }
            return new DeployModelVersion(
                    Inputs.required("input.environment", environment, Environment::new),
                    Inputs.required("input.service", service, ServiceName::new),
                    new ModelVersionRef(name, version),
                    canaryShare,
                    caller.actor());
        }
    }

    public record RollBackInput(String environment, String service, Integer toVersion, String reason,
                                String clientEventId) {

        public RollBack toCommand(Caller caller) {
            return new RollBack(
                    Inputs.required("input.environment", environment, Environment::new),
                    Inputs.required("input.service", service, ServiceName::new),
                    toVersion,
                    Inputs.text("input.reason", reason, 2000, false));
        }
    }

    public record UndeployInput(String environment, String service, String reason, String clientEventId) {

        public Undeploy toCommand(Caller caller) {
            return new Undeploy(
                    Inputs.required("input.environment", environment, Environment::new),
                    Inputs.required("input.service", service, ServiceName::new),
                    Inputs.text("input.reason", reason, 2000, false));
        }
    }
}
