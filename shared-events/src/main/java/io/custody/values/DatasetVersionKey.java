package io.custody.values;

import io.custody.errors.CustodyException;

import java.util.Objects;
import java.util.Optional;

/**
 * Which dataset version is meant, {@code dataset@version}: the key maps, lookups and search documents use.
 * Its string form is stored (lookup and read-model columns, search ids, lineage node ids) and must not
 * change. A dataset name may contain {@code @} but a version label may not, so the last {@code @} splits it.
 */
public record DatasetVersionKey(DatasetName dataset, VersionLabel version) {

    public DatasetVersionKey {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(version, "version");
    }

    public static DatasetVersionKey of(DatasetName dataset, VersionLabel version) {
        return new DatasetVersionKey(dataset, version);
    }

    /** The key of a version as a read model's row names it. */
    public static DatasetVersionKey of(String dataset, String version) {
        return new DatasetVersionKey(DatasetName.of(dataset), VersionLabel.of(version));
    }

    /** The key {@code key} spells, or empty when it spells none (a search hit of another form). */
    public static Optional<DatasetVersionKey> tryParse(String key) {
        try {
            return Optional.of(parse(key));
        } catch (CustodyException e) {
            return Optional.empty();
        }
    }

    /** Reads the {@link #key()} form back; a string without {@code @}, or with a bad part, is refused. */
    public static DatasetVersionKey parse(String key) {
        int at = key == null ? -1 : key.lastIndexOf('@');
        if (at <= 0) {
            throw CustodyException.badRequest(null, "must be dataset@version (got '" + key + "')");
        }
        return new DatasetVersionKey(DatasetName.of(key.substring(0, at)), VersionLabel.of(key.substring(at + 1)));
    }

    /** {@code dataset@version}, as stored. */
    public String key() {
        return dataset.value() + "@" + version.value();
    }

    @Override
    public String toString() {
        return key();
    }
}
