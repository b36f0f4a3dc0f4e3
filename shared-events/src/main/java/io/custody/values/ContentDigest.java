package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/** A content digest, {@code sha256:<64 lowercase hex>}: what makes a dataset version or artifact what it is. */
public record ContentDigest(String value) {

    private static final Pattern FORM = Pattern.compile("sha256:[0-9a-f]{64}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ContentDigest {
        // Upper-case hex is the same digest; normalising keeps "same digest" an equality check.
        value = value == null ? null : value.toLowerCase(Locale.ROOT);
        Checks.require(value, FORM, 71, "must be sha256: followed by 64 hex digits");
    }

    public static ContentDigest of(String value) {
        return new ContentDigest(value);
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
