package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/** A classification tag such as {@code pii} or {@code pii-raw}; policies match on it, so it is normalised. */
public record Tag(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9._:-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Tag {
        value = value == null ? null : value.trim().toLowerCase(Locale.ROOT);
        Checks.require(value, FORM, 64, "must use letters, digits and . _ - :");
    }

    public static Tag of(String value) {
        return new Tag(value);
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
