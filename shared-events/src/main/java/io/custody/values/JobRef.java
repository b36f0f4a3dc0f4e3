package io.custody.values;

import io.custody.errors.CustodyException;

/**
 * An OpenLineage job: its namespace (the scheduler or the producing system, e.g. {@code airflow-prod})
 * and its name within it (e.g. {@code credit_pipeline.build_features}). OpenLineage allows almost any
 * text here, so only emptiness, length and control characters are refused.
 */
public record JobRef(String namespace, String name) {

    /** {@link #key()} goes into the stream id {@code job:<key>}, which holds at most Streams.MAX_LENGTH characters. */
    public static final int MAX_KEY_LENGTH = 251;

    public JobRef {
        namespace = text("namespace", namespace);
        name = text("name", name);
        if (namespace.length() + 1 + name.length() > MAX_KEY_LENGTH) {
            throw CustodyException.badRequest("name", "namespace and name may take at most " + MAX_KEY_LENGTH
                    + " characters together, with the / between them (got " + (namespace.length() + 1 + name.length())
                    + ")");
        }
    }

    /** {@code namespace/name}: how lineage node ids and stream ids spell the job. */
    public String key() {
        return namespace + "/" + name;
    }

    private static String text(String field, String value) {
        try {
            Checks.requireText(value, 1024);
        } catch (CustodyException e) {
            throw e.atField(field);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw CustodyException.badRequest(field, "must not contain control characters");
        }
        return value;
    }

    @Override
    public String toString() {
        return key();
    }
}
