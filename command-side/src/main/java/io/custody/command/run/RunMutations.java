package io.custody.command.run;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.run.RunInputs.CompleteRunInput;
import io.custody.command.run.RunInputs.FailRunInput;
import io.custody.command.run.RunInputs.LogArtifactInput;
import io.custody.command.run.RunInputs.LogMetricsInput;
import io.custody.command.run.RunInputs.StartRunInput;
import io.custody.commands.run.CompleteRun;
import io.custody.commands.run.FailRun;
import io.custody.commands.run.LogArtifact;
import io.custody.commands.run.LogMetrics;
import io.custody.commands.run.StartRun;
import io.custody.payloads.RunPayload;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
class RunMutations {

    private final CommandDispatcher dispatcher;

    RunMutations(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @MutationMapping
    RunPayload startRun(@Argument StartRunInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        StartRun command = input.toCommand(caller);
        return new RunPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.run());
    }

    @MutationMapping
    RunPayload logMetrics(@Argument LogMetricsInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        LogMetrics command = input.toCommand(caller);
        return new RunPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.run());
    }

    @MutationMapping
    RunPayload logArtifact(@Argument LogArtifactInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        LogArtifact command = input.toCommand(caller);
        return new RunPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.run());
    }

    @MutationMapping
    RunPayload completeRun(@Argument CompleteRunInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        CompleteRun command = input.toCommand(caller);
        return new RunPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.run());
    }

    @MutationMapping
    RunPayload failRun(@Argument FailRunInput input, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        FailRun command = input.toCommand(caller);
        return new RunPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.run());
    }
}
