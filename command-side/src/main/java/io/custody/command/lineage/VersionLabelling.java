package io.custody.command.lineage;

import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.command.lineage.Parsed.ParsedDataset;
import io.custody.errors.CustodyException;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.JobRunId;
import io.custody.values.VersionLabel;
import io.custody.values.VersionSource;

import java.nio.charset.StandardCharsets;

/**
 * Which Custody dataset version an OpenLineage dataset names (docs/ingest.md): the version facet when there
 * is one; otherwise, for an output of a run, a label naming that run; for an input of a run, the newest
 * version Custody knows. A job's or dataset's description names a version only through its facet.
 */
final class VersionLabelling {

    static final VersionLabel UNVERSIONED = VersionLabel.of("unversioned");

    /** A dataset's version label, and where it came from. */
    record Label(VersionLabel version, VersionSource source) {
    }

    private VersionLabelling() {
    }

    /**
     * The label of {@code d}, read ({@code output} false) or written by {@code run} (null for a description),
     * given what Custody knows of its dataset (null: nothing); null when it names no version.
     */
    static Label label(ParsedDataset d, KnownDataset known, JobRunId run, boolean output) {
        if (d.versionFacet() != null) {
            try {
                return new Label(VersionLabel.of(d.versionFacet()), VersionSource.FACET);
            } catch (CustodyException notALabel) {
                return new Label(VersionLabel.of("olv-" + ContentDigest.sha256Hex(d.versionFacet()).substring(0, 32)),
                        VersionSource.FACET_HASHED);
            }
        }
        if (run == null) {
            return null;
        }
        if (output) {
            return new Label(VersionLabel.of("run-" + run.value()), VersionSource.PRODUCING_RUN);
        }
        if (known != null && known.newestVersion() != null) {
            return new Label(VersionLabel.of(known.newestVersion()), VersionSource.NEWEST_KNOWN);
        }
        return new Label(UNVERSIONED, VersionSource.UNVERSIONED);
    }

    /**
     * OpenLineage carries no content digest, and a dataset version needs one: Custody registers
     * {@code sha256("openlineage:" + dataset + "@" + version)}. It is a derived identity, stable for the same
     * dataset and label, not a hash of the data; such versions carry the tag {@code derived-digest}.
     */
    static ContentDigest derivedDigest(DatasetName dataset, VersionLabel version) {
        return ContentDigest.of(("openlineage:" + DatasetVersionKey.of(dataset, version).key())
                .getBytes(StandardCharsets.UTF_8));
    }
}
