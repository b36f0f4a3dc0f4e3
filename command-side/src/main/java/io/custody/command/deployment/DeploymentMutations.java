package io.custody.command.deployment;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.deployment.DeploymentInputs.DeployModelVersionInput;
import io.custody.command.deployment.DeploymentInputs.RollBackInput;
import io.custody.command.deployment.DeploymentInputs.UndeployInput;
import io.custody.commands.deployment.DeployModelVersion;
import io.custody.commands.deployment.RollBack;
import io.custody.commands.deployment.Undeploy;
import io.custody.payloads.DeploymentPayload;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
class DeploymentMutations {

    private final CommandDispatcher dispatcher;

    DeploymentMutations(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @MutationMapping
    DeploymentPayload deployModelVersion(@Argument DeployModelVersionInput input,
                                         @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        DeployModelVersion command = input.toCommand(caller);
        return new DeploymentPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.environment(), command.service());
    }

    @MutationMapping
    DeploymentPayload rollBack(@Argument RollBackInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RollBack command = input.toCommand(caller);
        return new DeploymentPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.environment(), command.service());
    }

    @MutationMapping
    DeploymentPayload undeploy(@Argument UndeployInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        Undeploy command = input.toCommand(caller);
        return new DeploymentPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.environment(), command.service());
    }
}
