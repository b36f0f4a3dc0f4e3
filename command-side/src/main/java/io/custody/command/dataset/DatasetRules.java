package io.custody.command.dataset;

import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.errors.CustodyException;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.values.ContentDigest;
import io.custody.values.Tag;
import io.custody.values.TeamName;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The dataset's registration rules as pure functions of what is known of the dataset: {@link DatasetAggregate}
 * judges by them with its own state, and a writer that plans many registrations at once (the OpenLineage
 * ingest) with the state its lookup tables give, so both decide alike.
 */
public final class DatasetRules {

    /** A registration as recorded: who owns the dataset, its description and tags. */
    public record Registration(TeamName owner, String description, Set<Tag> tags) {
    }

    private DatasetRules() {
    }

    /**
     * The event registering the dataset, or empty when {@code existing} is this very registration; another
     * registration of a registered dataset is a conflict.
     */
    public static Optional<DatasetRegistered> register(RegisterDataset command, Registration existing) {
        if (existing != null) {
            if (Objects.equals(existing.owner(), command.owner())
                    && Objects.equals(existing.description(), command.description())
                    && Objects.equals(existing.tags(), command.tags())) {
                return Optional.empty();
            }
            throw CustodyException.conflict("input.name", "dataset " + command.dataset()
                    + " is already registered (owner " + existing.owner() + "); registration is not an update");
        }
        if (command.owner() == null) {
            throw CustodyException.badRequest("input.owner", "must not be empty");
        }
        return Optional.of(new DatasetRegistered(command.dataset(), command.owner(), command.description(),
                command.tags()));
    }

    /**
     * The event registering the version, or empty when it is registered with the same digest. The dataset
     * must be registered; a version label keeps its digest forever; a deprecated dataset takes no new
     * versions.
     *
     * @param existing the digest the version is registered with, null when it is not
     */
    public static Optional<DatasetVersionRegistered> registerVersion(RegisterDatasetVersion command, boolean registered,
                                                                     boolean deprecated, ContentDigest existing) {
        requireRegistered(registered, command.dataset().value());
        if (existing != null) {
            if (existing.equals(command.digest())) {
                return Optional.empty();
            }
            throw CustodyException.conflict("input.digest", "version " + command.version() + " of " + command.dataset()
                    + " is already registered with digest " + existing + "; a version is immutable, so "
                    + command.digest() + " needs a new version label");
        }
        if (deprecated) {
            throw CustodyException.conflict("input.dataset", "dataset " + command.dataset()
                    + " is deprecated and takes no new versions");
        }
        if (command.rowCount() != null && command.rowCount() < 0) {
            throw CustodyException.badRequest("input.rowCount", "must be zero or more");
        }
        return Optional.of(new DatasetVersionRegistered(command.dataset(), command.version(), command.location(),
                command.digest(), command.schema(), command.rowCount(), command.tags(), command.profile(),
                command.producedByRun()));
    }

    static void requireRegistered(boolean registered, String name) {
        // Axon loads an aggregate with no events as "not found" before its handler runs; this guards the
        // case where only creation-policy handlers ran so far, and a planner's dataset it does not know.
        if (!registered) {
            throw CustodyException.notFound("input.dataset", "dataset " + name + " is not registered");
        }
    }
}
