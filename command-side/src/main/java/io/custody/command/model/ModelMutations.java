package io.custody.command.model;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.model.ModelInputs.ApproveModelVersionInput;
import io.custody.command.model.ModelInputs.ArchiveModelVersionInput;
import io.custody.command.model.ModelInputs.RecordValidationInput;
import io.custody.command.model.ModelInputs.RegisterModelInput;
import io.custody.command.model.ModelInputs.RegisterModelVersionInput;
import io.custody.command.model.ModelInputs.RemoveAliasInput;
import io.custody.command.model.ModelInputs.SetAliasInput;
import io.custody.commands.model.ApproveModelVersion;
import io.custody.commands.model.ArchiveModelVersion;
import io.custody.commands.model.RecordValidation;
import io.custody.commands.model.RegisterModel;
import io.custody.commands.model.RemoveAlias;
import io.custody.commands.model.SetAlias;
import io.custody.payloads.ModelPayload;
import io.custody.payloads.ModelVersionPayload;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
class ModelMutations {

    private final CommandDispatcher dispatcher;
    private final ModelVersionRegistrations registrations;

    ModelMutations(CommandDispatcher dispatcher, ModelVersionRegistrations registrations) {
        this.dispatcher = dispatcher;
        this.registrations = registrations;
    }

    @MutationMapping
    ModelPayload registerModel(@Argument RegisterModelInput input,
                               @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RegisterModel command = input.toCommand(caller);
        return new ModelPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.model());
    }

    @MutationMapping
    ModelVersionPayload registerModelVersion(@Argument RegisterModelVersionInput input,
                                             @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        return registrations.register(input, caller, null, true);
    }

    @MutationMapping
    ModelVersionPayload recordValidation(@Argument RecordValidationInput input,
                                         @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RecordValidation command = input.toCommand(caller);
        return new ModelVersionPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.model(), command.version());
    }

    @MutationMapping
    ModelVersionPayload approveModelVersion(@Argument ApproveModelVersionInput input,
                                            @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        ApproveModelVersion command = input.toCommand(caller);
        return new ModelVersionPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.model(), command.version());
    }

    @MutationMapping
    ModelVersionPayload setAlias(@Argument SetAliasInput input,
                                 @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        SetAlias command = input.toCommand(caller);
        return new ModelVersionPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.model(), command.version());
    }

    @MutationMapping
    ModelPayload removeAlias(@Argument RemoveAliasInput input,
                             @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        RemoveAlias command = input.toCommand(caller);
        return new ModelPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.model());
    }

    @MutationMapping
    ModelVersionPayload archiveModelVersion(@Argument ArchiveModelVersionInput input,
                                            @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        ArchiveModelVersion command = input.toCommand(caller);
        return new ModelVersionPayload(dispatcher.send(command, command.streamId(), caller, input.clientEventId()),
                command.model(), command.version());
    }
}
