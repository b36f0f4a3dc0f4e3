package io.custody.values;

/** A dataset version a run read, with the digest it had, so custody never depends on a later lookup. */
public record DatasetVersionRef(DatasetName dataset, VersionLabel version, ContentDigest digest) {

    public DatasetVersionKey versionKey() {
        return DatasetVersionKey.of(dataset, version);
    }

    /** {@code dataset@version}, as {@link DatasetVersionKey#key()} spells it. */
    public String key() {
        return versionKey().key();
    }
}
