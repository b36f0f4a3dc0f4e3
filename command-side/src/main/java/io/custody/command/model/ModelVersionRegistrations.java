package io.custody.command.model;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.model.ModelInputs.RegisterModelVersionInput;
import io.custody.commands.model.RegisterModelVersion;
import io.custody.errors.CustodyException;
import io.custody.payloads.ModelVersionPayload;
import org.springframework.stereotype.Component;

/**
 * Registers a model version and answers the number Custody gave it. Every write API goes through here
 * because the number has two sources: the handler's answer, or, when the client event id was already
 * accepted and the handler did not run, the lookup of what the first send was given.
 */
@Component
public class ModelVersionRegistrations {

    private final CommandDispatcher dispatcher;
    private final CommandLookups lookups;

    ModelVersionRegistrations(CommandDispatcher dispatcher, CommandLookups lookups) {
        this.dispatcher = dispatcher;
        this.lookups = lookups;
    }

    public ModelVersionPayload register(RegisterModelVersionInput input, Caller caller, String eventTime,
                                        boolean awaitReadModels) {
        RegisterModelVersion command = input.toCommand(caller);
        CommandDispatcher.Dispatched dispatched = dispatcher.dispatch(command, command.streamId(), caller,
                input.clientEventId(), eventTime, awaitReadModels);
        int version = dispatched.result() instanceof Integer number ? number
                : lookups.versionBuiltFrom(command.model(), command.run(), command.artifactDigest())
                .orElseThrow(() -> CustodyException.conflict("input.clientEventId", "client event id "
                        + input.clientEventId() + " was already used for another model version registration"));
        return new ModelVersionPayload(dispatched.receipt(), command.model(), version);
    }
}
