package io.custody.command.policy;

import io.custody.command.api.CommandDispatcher;
import io.custody.command.api.Inputs;
import io.custody.payloads.PolicyPayload;
import io.custody.commands.policy.PublishPolicy;
import io.custody.errors.CustodyException;
import io.custody.command.api.Caller;
import io.custody.values.Environment;
import io.custody.values.GovernedCommand;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.PolicyDecision;
import io.custody.values.PolicyName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/**
 * The write side's governance operations: publishing a policy, and {@code evaluatePolicy}, a dry run of a
 * deployment's decision. The dry run asks the same {@link Governance} on the same command-side facts as the
 * deployment would, and stores nothing.
 */
@Controller
class PolicyGraphQl {

    private final CommandDispatcher dispatcher;
    private final Governance governance;

    PolicyGraphQl(CommandDispatcher dispatcher, Governance governance) {
        this.dispatcher = dispatcher;
        this.governance = governance;
    }

    record PublishPolicyInput(String name, String document, String clientEventId) {
    }

    @MutationMapping
    PolicyPayload publishPolicy(@Argument PublishPolicyInput input,
                                @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        PolicyName name = Inputs.required("input.name", input.name(), PolicyName::new);
        String document = Inputs.present("input.document", input.document());
        // Refused here already, so a bad document never reaches the command bus.
        PolicyParser.parse(document);
        PublishPolicy command = new PublishPolicy(name, document, caller.actor());
        CommandDispatcher.Dispatched done = dispatcher.dispatch(command, command.streamId(), caller,
                input.clientEventId(), null, true);
        int version = done.result() instanceof Integer number ? number : 0;
        return new PolicyPayload(done.receipt(), name, version);
    }

    @QueryMapping
    PolicyDecision evaluatePolicy(@Argument String model, @Argument Integer version, @Argument String environment,
                                  @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        ModelName name = Inputs.required("model", model, ModelName::new);
        if (version == null || version < 1) {
            throw CustodyException.badRequest("version", "must be 1 or more");
        }
        Environment where = Inputs.required("environment", environment, Environment::new);
        return governance.deployment(GovernedCommand.DEPLOY_MODEL_VERSION, new ModelVersionRef(name, version), where,
                List.of(caller.actor()), Governance.roles(caller.roles()));
    }
}
