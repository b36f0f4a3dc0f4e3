package io.custody.command.run;

import io.custody.errors.CustodyException;
import io.custody.values.CodeVersion;

import java.util.Map;
import java.util.Set;

/**
 * The code version a run's tracking tags say: MLflow's {@code mlflow.source.git.commit} with the repository
 * from {@code mlflow.source.git.repoURL}, else {@code mlflow.source.name}. MLflow records no dirty flag; as over
 * GraphQL, where an absent {@code dirty} means clean, only {@code custody.source.git.dirty=true} marks it dirty.
 * Without a commit there is no code version: the run is recorded as having none.
 */
public final class RunCode {

    public static final String COMMIT = "mlflow.source.git.commit";
    public static final String REPOSITORY = "mlflow.source.git.repoURL";
    public static final String SOURCE_NAME = "mlflow.source.name";
    public static final String DIRTY = "custody.source.git.dirty";
    public static final Set<String> TAGS = Set.of(COMMIT, REPOSITORY, SOURCE_NAME, DIRTY);

    private RunCode() {
    }

    /** The code the tags name, or null while they do not name a commit and where it came from. */
    public static CodeVersion from(Map<String, String> tags) {
        String commit = tags.get(COMMIT);
        String repository = tags.get(REPOSITORY) != null ? tags.get(REPOSITORY) : tags.get(SOURCE_NAME);
        if (commit == null || repository == null || repository.isBlank()) {
            return null;
        }
        try {
            return new CodeVersion(repository, commit, "true".equalsIgnoreCase(tags.get(DIRTY)));
        } catch (CustodyException e) {
            throw CustodyException.badRequest("input.tags." + (e.field() != null && e.field().startsWith("commit")
                    ? COMMIT : REPOSITORY), e.getMessage());
        }
    }
}
