package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/** An OpenLineage run id: a UUID chosen by the emitter, the same for every event of one job run. */
public record JobRunId(String value) {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public JobRunId {
        // Upper-case hex names the same run; normalising keeps "same run" an equality check.
        value = value == null ? null : value.toLowerCase(Locale.ROOT);
        Checks.require(value, UUID, 36, "must be a UUID such as 0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4d");
    }

    public static JobRunId of(String value) {
        return new JobRunId(value);
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
}
