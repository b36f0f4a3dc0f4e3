package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * Who an API token speaks for: a service account or a person's login name, recorded as the actor of
 * every event the token causes.
 */
public record ActorName(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ActorName {
        Checks.require(value, FORM, 128, "must start with a letter or digit and use letters, digits and . _ @ + -");
    }

    public static ActorName of(String value) {
        return new ActorName(value);
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
