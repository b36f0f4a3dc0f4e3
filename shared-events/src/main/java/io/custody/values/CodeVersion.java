package io.custody.values;

import io.custody.errors.CustodyException;

import java.util.Locale;

/**
 * The code a run executed: repository URL, full 40-hex commit, and whether the working tree had
 * uncommitted changes (a dirty tree means the commit alone does not reproduce the run).
 */
public record CodeVersion(String repository, String commit, boolean dirty) {

    public CodeVersion {
        try {
            Checks.requireText(repository, 2048);
        } catch (CustodyException e) {
            throw e.atField("repository");
        }
        commit = commit == null ? null : commit.toLowerCase(Locale.ROOT);
        try {
            Checks.requireHex(commit, "", 40, "must be the full 40-hex commit sha");
        } catch (CustodyException e) {
            throw e.atField("commit");
        }
    }
}
