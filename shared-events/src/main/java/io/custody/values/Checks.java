package io.custody.values;

import io.custody.errors.CustodyException;

import java.util.regex.Pattern;

/** Shared guards for value records; each failure names the rule so the caller can fix the input. */
public final class Checks {

    private Checks() {
    }

    public static String require(String value, Pattern pattern, int maxLength, String rule) {
        if (value == null || value.isBlank()) {
            throw CustodyException.badRequest(null, "must not be empty");
        }
        if (value.length() > maxLength) {
            throw CustodyException.badRequest(null, "must be at most " + maxLength + " characters");
        }
        if (!pattern.matcher(value).matches()) {
            throw CustodyException.badRequest(null, rule + " (got '" + abbreviate(value) + "')");
        }
        return value;
    }

    /**
     * {@code prefix} followed by exactly {@code digits} lowercase hex digits. Written out rather than as
     * a regular expression: digests are checked for every dataset version and lineage edge read or
     * written, and the regex engine's per-character cost is several percent of ingest CPU.
     */
    public static String requireHex(String value, String prefix, int digits, String rule) {
        requireText(value, prefix.length() + digits);
        boolean ok = value.length() == prefix.length() + digits && value.startsWith(prefix);
        for (int i = prefix.length(); ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        if (!ok) {
            throw CustodyException.badRequest(null, rule + " (got '" + abbreviate(value) + "')");
        }
        return value;
    }

    public static String requireText(String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw CustodyException.badRequest(null, "must not be empty");
        }
        if (value.length() > maxLength) {
            throw CustodyException.badRequest(null, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    public static String optionalText(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw CustodyException.badRequest(null, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
