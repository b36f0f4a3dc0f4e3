package io.custody.command.api;

import io.custody.errors.CustodyException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns raw API input into value records, attributing a failure to the field it came from. Value
 * records know the rule, not where their text came from; the API knows the field path.
 */
public final class Inputs {

    private Inputs() {
    }

    public static <T> T required(String field, String raw, Function<String, T> parser) {
        if (raw == null || raw.isBlank()) {
            throw CustodyException.badRequest(field, "is required");
        }
        return parse(field, raw, parser);
    }

    public static <T> T optional(String field, String raw, Function<String, T> parser) {
        return raw == null ? null : parse(field, raw, parser);
    }

    public static <T> Set<T> set(String field, Collection<String> raw, Function<String, T> parser) {
        if (raw == null) {
            return Set.of();
        }
        Set<T> out = new LinkedHashSet<>();
        int i = 0;
        for (String item : raw) {
            out.add(parse(field + "[" + i++ + "]", item, parser));
        }
        return out;
    }

    public static <I, T> List<T> list(String field, List<I> raw, Function<I, T> mapper) {
        if (raw == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            try {
                out.add(mapper.apply(raw.get(i)));
            } catch (CustodyException e) {
                throw e.atField(field + "[" + i + "]");
            }
        }
        return out;
    }

    public static String text(String field, String raw, int maxLength, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw CustodyException.badRequest(field, "is required");
            }
            return raw;
        }
        if (raw.length() > maxLength) {
            throw CustodyException.badRequest(field, "must be at most " + maxLength + " characters");
        }
        return raw;
    }

    /** A location must be an absolute URI so lineage can point at the bytes; relative paths mean nothing later. */
    public static String uri(String field, String raw, boolean required) {
        String value = text(field, raw, 2048, required);
        if (value == null) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getScheme() == null) {
                throw CustodyException.badRequest(field, "must be an absolute URI with a scheme, e.g. s3://bucket/path");
            }
            return value;
        } catch (java.net.URISyntaxException e) {
            throw CustodyException.badRequest(field, "is not a valid URI: " + e.getReason());
        }
    }

    private static <T> T parse(String field, String raw, Function<String, T> parser) {
        try {
            return parser.apply(raw);
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }
}
