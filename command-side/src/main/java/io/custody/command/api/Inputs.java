package io.custody.command.api;

import io.custody.errors.CustodyException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /**
     * Key/value pairs as a map, in the order given. A key given twice is refused: one of the two values
     * would otherwise be lost without anyone noticing.
     */
    public static <I> Map<String, String> pairs(String field, List<I> raw, Function<I, String> key,
                                                Function<I, String> value, int maxLength) {
        if (raw == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String k = text(field + "[" + i + "].key", key.apply(raw.get(i)), 256, true);
            String v = text(field + "[" + i + "].value", value.apply(raw.get(i)), maxLength, false);
            if (out.putIfAbsent(k, v == null ? "" : v) != null) {
                throw CustodyException.badRequest(field + "[" + i + "].key", "key " + k + " is given twice");
            }
        }
        return out;
    }

    /** Builds a composite value record, attributing its failure (e.g. {@code commit}) below the field. */
    public static <T> T value(String field, Supplier<T> build) {
        try {
            return build.get();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }

    /** A number that must be given; GraphQL makes most such fields non-null, JSON ingest does not. */
    public static <T> T present(String field, T raw) {
        if (raw == null) {
            throw CustodyException.badRequest(field, "is required");
        }
        return raw;
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
