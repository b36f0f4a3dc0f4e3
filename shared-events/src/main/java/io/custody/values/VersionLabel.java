package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A dataset version's label, chosen by its producer ({@code v3}, {@code 2026-01-15}, a snapshot id). */
public record VersionLabel(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public VersionLabel {
        Checks.require(value, FORM, 128, "must start with a letter or digit and use letters, digits and . _ - : +");
    }

    public static VersionLabel of(String value) {
        return new VersionLabel(value);
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
