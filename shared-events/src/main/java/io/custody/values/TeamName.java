package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** An owning team. Teams, not people, own entities: an immutable log must not pin personal data. */
public record TeamName(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public TeamName {
        Checks.require(value, FORM, 128, "must use letters, digits and . _ -");
    }

    public static TeamName of(String value) {
        return new TeamName(value);
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
