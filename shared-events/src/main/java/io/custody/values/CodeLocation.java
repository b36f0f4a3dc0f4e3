package io.custody.values;

import io.custody.errors.CustodyException;

import java.util.Locale;

/**
 * Where a job's code lives, from OpenLineage's {@code sourceCodeLocation} job facet: the repository
 * and the revision (the facet's {@code version}, normally a commit sha). Unlike {@link CodeVersion}
 * the revision is not required to be a full sha: emitters report what their VCS integration knows.
 */
public record CodeLocation(String repository, String revision, String path) {

    public CodeLocation {
        try {
            Checks.requireText(repository, 2048);
        } catch (CustodyException e) {
            throw e.atField("repoUrl");
        }
        try {
            Checks.requireText(revision, 256);
        } catch (CustodyException e) {
            throw e.atField("version");
        }
        // Git prints shas in lower case; a commit node must be the same node whichever way it was written.
        revision = revision.matches("[0-9A-Fa-f]{7,64}") ? revision.toLowerCase(Locale.ROOT) : revision;
    }
}
