package io.custody.values;

/** A dataset version a run read, with the digest it had, so custody never depends on a later lookup. */
public record DatasetVersionRef(DatasetName dataset, VersionLabel version, ContentDigest digest) {

    public String key() {
        return dataset.value() + "@" + version.value();
    }
}
