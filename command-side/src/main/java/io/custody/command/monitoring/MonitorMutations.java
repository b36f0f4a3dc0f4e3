package io.custody.command.monitoring;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.monitoring.MonitorInputs.AlertInput;
import io.custody.command.monitoring.MonitorInputs.MonitorInput;
import io.custody.command.monitoring.MonitorInputs.PauseMonitorInput;
import io.custody.commands.monitoring.AcknowledgeAlert;
import io.custody.commands.monitoring.ChangeMonitor;
import io.custody.commands.monitoring.CreateMonitor;
import io.custody.commands.monitoring.PauseMonitor;
import io.custody.commands.monitoring.ResolveAlert;
import io.custody.payloads.AlertPayload;
import io.custody.payloads.MonitorPayload;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
class MonitorMutations {

    private final CommandDispatcher dispatcher;

    MonitorMutations(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @MutationMapping
    MonitorPayload createMonitor(@Argument MonitorInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        CreateMonitor command = input.toCreate();
        return new MonitorPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.environment(), command.service());
    }

    @MutationMapping
    MonitorPayload changeMonitor(@Argument MonitorInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        ChangeMonitor command = input.toChange();
        return new MonitorPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.environment(), command.service());
    }

    @MutationMapping
    MonitorPayload pauseMonitor(@Argument PauseMonitorInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        PauseMonitor command = input.toCommand();
        return new MonitorPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.environment(), command.service());
    }

    @MutationMapping
    AlertPayload acknowledgeAlert(@Argument AlertInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        AcknowledgeAlert command = input.toAcknowledge();
        return new AlertPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.alert());
    }

    @MutationMapping
    AlertPayload resolveAlert(@Argument AlertInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        ResolveAlert command = input.toResolve();
        return new AlertPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.alert());
    }
}
