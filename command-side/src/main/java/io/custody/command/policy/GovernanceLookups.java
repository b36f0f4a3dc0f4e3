package io.custody.command.policy;

import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RunId;

import java.util.Optional;

/**
 * The facts a policy reads, from the command side's lookup tables in the command's transaction (never from a
 * read model, which may lag): about a registered version before it is deployed, or about the run a version is
 * about to be registered from.
 */
public interface GovernanceLookups {

    /** Empty when the version is not registered. */
    Optional<GovernanceFacts> version(ModelVersionRef version);

    /** What a version registered from {@code run} would descend from; the run is known to exist. */
    GovernanceFacts registration(ModelName model, RunId run);
}
