package io.custody.command.dataset;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.dataset.DatasetInputs.DeprecateDatasetInput;
import io.custody.command.dataset.DatasetInputs.QuarantineDatasetVersionInput;
import io.custody.command.dataset.DatasetInputs.RegisterDatasetInput;
import io.custody.command.dataset.DatasetInputs.RegisterDatasetVersionInput;
import io.custody.commands.dataset.DeprecateDataset;
import io.custody.commands.dataset.QuarantineDatasetVersion;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.payloads.DatasetPayload;
import io.custody.payloads.DatasetVersionPayload;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
class DatasetMutations {

    private final CommandDispatcher dispatcher;

    DatasetMutations(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @MutationMapping
    DatasetPayload registerDataset(@Argument RegisterDatasetInput input,
                                   @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RegisterDataset command = input.toCommand();
        return new DatasetPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.dataset());
    }

    @MutationMapping
    DatasetVersionPayload registerDatasetVersion(@Argument RegisterDatasetVersionInput input,
                                                 @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RegisterDatasetVersion command = input.toCommand();
        return new DatasetVersionPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.dataset(), command.version());
    }

    @MutationMapping
    DatasetVersionPayload quarantineDatasetVersion(@Argument QuarantineDatasetVersionInput input,
                                                   @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        QuarantineDatasetVersion command = input.toCommand();
        return new DatasetVersionPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.dataset(), command.version());
    }

    @MutationMapping
    DatasetPayload deprecateDataset(@Argument DeprecateDatasetInput input,
                                    @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        DeprecateDataset command = input.toCommand();
        return new DatasetPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.dataset());
    }
}
