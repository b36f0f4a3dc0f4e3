package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A dataset's identity, {@code namespace/name}, as OpenLineage and Marquez spell it. The namespace
 * may itself contain slashes or a URI scheme ({@code s3://bucket}); the name is the last segment.
 */
public record DatasetName(String value) implements Comparable<DatasetName> {

    // Runs of slashes are allowed so OpenLineage namespaces keep their scheme (s3://bucket, postgres://db:5432)
    // and absolute paths (file + /data/x); = is allowed for partition paths such as date=2026-01-15.
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+=-]*(/+[A-Za-z0-9._:@+=-]+)+");

    /**
     * A name goes into stream ids as {@code dataset:<name>} and {@code oldataset:<name>}; the longer prefix and
     * this many characters are what the event store's stream id column holds (Streams.MAX_LENGTH).
     */
    public static final int MAX_LENGTH = 245;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public DatasetName {
        Checks.require(value, FORM, MAX_LENGTH, "must be namespace/name using letters, digits and . _ - : @ + =");
    }

    public static DatasetName of(String value) {
        return new DatasetName(value);
    }

    public String namespace() {
        return value.substring(0, value.lastIndexOf('/'));
    }

    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(DatasetName other) {
        return value.compareTo(other.value);
    }
}
