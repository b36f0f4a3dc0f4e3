package io.custody.command.policy;

import io.custody.values.Environment;
import io.custody.values.GovernedCommand;
import io.custody.values.Role;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The governed command as a policy sees it: which command, into which environment (null for a registration),
 * who sends it ({@code deployers}: the name the command gives and the authenticated actor), the Custody roles
 * the caller holds (empty when unknown), and when.
 */
public record Attempt(GovernedCommand command, Environment environment, List<String> deployers, Set<Role> roles,
                      Instant at) {

    public Attempt {
        deployers = deployers.stream().filter(d -> d != null && !d.isBlank()).distinct().toList();
        roles = Set.copyOf(roles);
    }
}
