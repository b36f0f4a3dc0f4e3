package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * The public part of an API token, {@code <id>} in {@code cst_<id>_<secret>}: it names the token in
 * listings and revocations and finds its stored hash. Custody chooses it; it holds no underscore, so a
 * token splits at its second one.
 */
public record ApiTokenId(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9]{8,32}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ApiTokenId {
        Checks.require(value, FORM, 32, "must be 8 to 32 lowercase letters and digits");
    }

    public static ApiTokenId of(String value) {
        return new ApiTokenId(value);
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
