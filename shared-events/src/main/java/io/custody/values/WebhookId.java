package io.custody.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A registered webhook's id: Custody chooses it at registration, and every later change names it. */
public record WebhookId(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9]{8,32}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public WebhookId {
        Checks.require(value, FORM, 32, "must be 8 to 32 lowercase letters and digits");
    }

    public static WebhookId of(String value) {
        return new WebhookId(value);
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
