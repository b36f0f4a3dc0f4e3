package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A prediction's request id, unique per deployment. */
public record RequestId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RequestId {
        Checks.require(value, FORM, 200, "must start with a letter or digit and use letters, digits and . _ - : /");
    }

    public static RequestId of(String value) {
        return new RequestId(value);
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
