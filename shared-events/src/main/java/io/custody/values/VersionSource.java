package io.custody.values;

/**
 * How Custody chose the version label of a dataset an OpenLineage event named. OpenLineage has no
 * content digest and often no version at all, so the label's origin is recorded with it.
 */
public enum VersionSource {
    /** The {@code version} facet's {@code datasetVersion}, used as the label. */
    FACET,
    /** The {@code version} facet's value was not a valid label, so the label is {@code olv-} and its hash. */
    FACET_HASHED,
    /** An output without a version facet: the label names the run that produced it, {@code run-<runId>}. */
    PRODUCING_RUN,
    /** An input without a version facet: the newest version Custody knew of the dataset when the event arrived. */
    NEWEST_KNOWN,
    /** An input without a version facet, of a dataset Custody knew no version of: label {@code unversioned}. */
    UNVERSIONED
}
