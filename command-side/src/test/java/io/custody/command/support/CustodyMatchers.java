package io.custody.command.support;

import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasProperty;

/** Matches the typed rejection a rule throws: its code, the field it names and part of its message. */
public final class CustodyMatchers {

    private CustodyMatchers() {
    }

    public static Matcher<CustodyException> custody(ErrorCode code, String field, String messagePart) {
        return allOf(
                hasProperty("message", containsString(messagePart)),
                Matchers.predicate(e -> e.code() == code && field.equals(e.field())));
    }
}
