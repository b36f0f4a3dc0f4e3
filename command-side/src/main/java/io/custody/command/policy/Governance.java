package io.custody.command.policy;

import io.custody.errors.CustodyException;
import io.custody.events.policy.PolicyDecisionRecorded;
import io.custody.values.Environment;
import io.custody.values.GovernedCommand;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.PolicyDecision;
import io.custody.values.Role;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Takes the policy decisions of governed commands: the policy in force, the facts of the command side's lookup
 * tables and the attempt, through the one {@link PolicyEvaluator}. Aggregates call it inside the command's
 * transaction; {@code evaluatePolicy} calls it for a dry run, so both answer alike.
 */
@Component
public class Governance {

    private final GovernanceLookups lookups;
    private final PolicySource policies;
    private final Clock clock;

    public Governance(GovernanceLookups lookups, PolicySource policies, Clock clock) {
        this.lookups = lookups;
        this.policies = policies;
        this.clock = clock;
    }

    /** The decision on deploying (or rolling back to) a registered version; NOT_FOUND when it is not registered. */
    public PolicyDecision deployment(GovernedCommand command, ModelVersionRef version, Environment environment,
                                     List<String> deployers, Set<Role> roles) {
        GovernanceFacts facts = lookups.version(version).orElseThrow(() -> CustodyException.notFound("input.version",
                "model " + version.model() + " has no version " + version.version()));
        return decide(facts, new Attempt(command, environment, deployers, roles, clock.instant()));
    }

    /** The decision on registering a version of {@code model} from {@code run} (data use only). */
    public PolicyDecision registration(ModelName model, RunId run, String actor, Set<Role> roles) {
        return decide(lookups.registration(model, run),
                new Attempt(GovernedCommand.REGISTER_MODEL_VERSION, null, List.of(actor == null ? "" : actor), roles,
                        clock.instant()));
    }

    private PolicyDecision decide(GovernanceFacts facts, Attempt attempt) {
        PolicyInForce policy = policies.current();
        return PolicyDecision.of(policy.name(), policy.version(), PolicyEvaluator.evaluate(policy.policy(), facts,
                attempt));
    }

    /** Throws the refusal if the decision refused, to be recorded by the dispatcher once the command rolled back. */
    public static void require(PolicyDecision decision, GovernedCommand command, ModelName model, Integer version,
                               Environment environment, ServiceName service, String actor, String field) {
        if (decision.allowed()) {
            return;
        }
        String what = switch (command) {
            case REGISTER_MODEL_VERSION -> "registration of a version of " + model;
            case DEPLOY_MODEL_VERSION -> "deployment of " + model + "#" + version + " to " + environment;
            case ROLL_BACK -> "rollback of " + environment + "/" + service + " to " + model + "#" + version;
        };
        throw new PolicyRefusedException(field, what + " is refused under policy " + decision.label() + ": "
                + PolicyEvaluator.failures(decision.rules()),
                new PolicyDecisionRecorded(command, model, version, environment, service, actor, decision));
    }

    /** The roles a command's metadata carries (comma separated names); unknown names grant nothing. */
    public static Set<Role> roles(String names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names != null) {
            for (String name : names.split(",")) {
                try {
                    roles.add(Role.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    // Not a role of this build: it grants nothing.
                }
            }
        }
        return roles;
    }
}
