package io.custody.command.model;

import io.custody.values.ContentDigest;
import io.custody.values.RunId;

import java.util.HashSet;
import java.util.Set;

/** What {@link ModelAggregate} keeps of each version: its run and artifact, whether archived, who approved it. */
record VersionState(RunId run, ContentDigest artifactDigest, boolean archived, Set<String> approvers) {

    VersionState archive() {
        return new VersionState(run, artifactDigest, true, approvers);
    }

    VersionState approvedBy(String approver) {
        Set<String> all = new HashSet<>(approvers);
        all.add(approver);
        return new VersionState(run, artifactDigest, archived, Set.copyOf(all));
    }
}
