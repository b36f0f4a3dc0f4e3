package io.custody.query.mlflow;

import io.custody.errors.CustodyException;
import io.custody.query.mlflow.SearchFilter.Clause;
import io.custody.query.mlflow.SearchFilter.Kind;
import io.custody.query.mlflow.SearchFilter.Order;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses MLflow's run search grammar: filter strings ({@code identifier comparator value [AND ...]}) and
 * order_by keys ({@code identifier [ASC|DESC]}). Identifiers are {@code metrics.}, {@code params.},
 * {@code tags.} or {@code attributes.} (MLflow's singular and short spellings too) followed by a key, quoted
 * with backticks or double quotes when it holds spaces or operators; a bare attribute name is an attribute.
 * Every rejection is a {@code BAD_REQUEST} naming the field, the position and what was expected.
 */
public final class SearchFilterParser {

    /** Attributes a run search compares as numbers (epoch milliseconds). */
    public static final Set<String> NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time", "created");
    /** Attributes a run search compares as text. */
    public static final Set<String> TEXT_ATTRIBUTES = Set.of("run_id", "run_name", "status", "user_id",
            "experiment_id", "lifecycle_stage");
    private static final Set<String> NUMERIC_COMPARATORS = Set.of("=", "!=", ">", ">=", "<", "<=");
    private static final Set<String> TEXT_COMPARATORS = Set.of("=", "!=", "LIKE", "ILIKE");
    private static final Map<String, Kind> PREFIXES = Map.ofEntries(
            Map.entry("metrics", Kind.METRIC), Map.entry("metric", Kind.METRIC),
            Map.entry("params", Kind.PARAM), Map.entry("param", Kind.PARAM), Map.entry("parameters", Kind.PARAM),
            Map.entry("parameter", Kind.PARAM),
            Map.entry("tags", Kind.TAG), Map.entry("tag", Kind.TAG),
            Map.entry("attributes", Kind.ATTRIBUTE), Map.entry("attribute", Kind.ATTRIBUTE),
            Map.entry("attr", Kind.ATTRIBUTE), Map.entry("run", Kind.ATTRIBUTE));

    private final String text;
    private final String field;
    private int at;

    private SearchFilterParser(String text, String field) {
        this.text = text;
        this.field = field;
    }

    /** The filter's clauses; an empty or blank filter has none. */
    public static SearchFilter filter(String filter) {
        if (filter == null || filter.isBlank()) {
            return new SearchFilter(List.of());
        }
        SearchFilterParser parser = new SearchFilterParser(filter, "filter");
        List<Clause> clauses = new ArrayList<>();
        clauses.add(parser.clause());
        while (parser.more()) {
            parser.keyword("AND");
            clauses.add(parser.clause());
        }
        return new SearchFilter(clauses);
    }

    /** One order_by entry. */
    public static Order order(String orderBy) {
        SearchFilterParser parser = new SearchFilterParser(orderBy == null ? "" : orderBy, "order_by");
        Identifier identifier = parser.identifier();
        if (identifier.kind() == Kind.ATTRIBUTE) {
            parser.requireAttribute(identifier.key());
        }
        boolean ascending = true;
        if (parser.more()) {
            String direction = parser.word().toUpperCase(Locale.ROOT);
            if (!direction.equals("ASC") && !direction.equals("DESC")) {
                throw parser.error("expected ASC or DESC after the key, found '" + direction + "'");
            }
            ascending = direction.equals("ASC");
        }
        if (parser.more()) {
            throw parser.error("unexpected text after the order_by key");
        }
        return new Order(identifier.kind(), identifier.key(), ascending);
    }

    private record Identifier(Kind kind, String key) {
    }

    private Clause clause() {
        Identifier identifier = identifier();
        String comparator = comparator();
        Kind kind = identifier.kind();
        String key = identifier.key();
        boolean numeric = kind == Kind.METRIC || kind == Kind.ATTRIBUTE && NUMERIC_ATTRIBUTES.contains(key);
        if (kind == Kind.ATTRIBUTE) {
            requireAttribute(key);
        }
        if (comparator.equals("IN") || comparator.equals("NOT IN")) {
            if (!(kind == Kind.ATTRIBUTE && key.equals("run_id"))) {
                throw error(comparator + " is only supported for attributes.run_id");
            }
            return new Clause(kind, key, comparator, list());
        }
        Set<String> allowed = numeric ? NUMERIC_COMPARATORS : TEXT_COMPARATORS;
        if (!allowed.contains(comparator)) {
            throw error("comparator '" + comparator + "' is not supported for " + describe(kind, key)
                    + "; supported: " + String.join(", ", allowed.stream().sorted().toList()));
        }
        Object value = numeric ? number() : string();
        return new Clause(kind, key, comparator, List.of(value));
    }

    private void requireAttribute(String key) {
        if (!NUMERIC_ATTRIBUTES.contains(key) && !TEXT_ATTRIBUTES.contains(key)) {
            throw error("unknown attribute '" + key + "'; supported: " + String.join(", ",
                    java.util.stream.Stream.concat(NUMERIC_ATTRIBUTES.stream(), TEXT_ATTRIBUTES.stream()).sorted()
                            .toList()));
        }
    }

    private static String describe(Kind kind, String key) {
        return switch (kind) {
            case METRIC -> "metric " + key;
            case PARAM -> "parameter " + key;
            case TAG -> "tag " + key;
            case ATTRIBUTE -> "attribute " + key;
        };
    }

    private Identifier identifier() {
        skipSpace();
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        if (start == at) {
            throw error("expected an identifier such as metrics.<key>, params.<key>, tags.<key> or attributes.<name>");
        }
        String head = text.substring(start, at);
        if (at >= text.length() || text.charAt(at) != '.') {
            return new Identifier(Kind.ATTRIBUTE, head.toLowerCase(Locale.ROOT));
        }
        Kind kind = PREFIXES.get(head.toLowerCase(Locale.ROOT));
        if (kind == null) {
            at = start;
            throw error("unknown entity '" + head + "'; expected metrics, params, tags or attributes");
        }
        at++;
        String key = key();
        return new Identifier(kind, kind == Kind.ATTRIBUTE ? key.toLowerCase(Locale.ROOT) : key);
    }

    private String key() {
        if (at < text.length() && (text.charAt(at) == '`' || text.charAt(at) == '"')) {
            return quoted(text.charAt(at));
        }
        int start = at;
        while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && "=!<>(),'\"`".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        if (start == at) {
            throw error("expected a key after the entity's dot");
        }
        return text.substring(start, at);
    }

    private String comparator() {
        skipSpace();
        if (at >= text.length()) {
            throw error("expected a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN)");
        }
        char c = text.charAt(at);
        if (c == '=' ) {
            at++;
            if (at < text.length() && text.charAt(at) == '=') {
                at++;
            }
            return "=";
        }
        if (c == '!' || c == '<' || c == '>') {
            at++;
            if (at < text.length() && text.charAt(at) == '=') {
                at++;
                return c + "=";
            }
            if (c == '<' && at < text.length() && text.charAt(at) == '>') {
                at++;
                return "!=";
            }
            if (c == '!') {
                throw error("expected != ");
            }
            return String.valueOf(c);
        }
        int start = at;
        String word = word().toUpperCase(Locale.ROOT);
        switch (word) {
            case "LIKE", "ILIKE", "IN":
                return word;
            case "NOT":
                String next = word().toUpperCase(Locale.ROOT);
                if (next.equals("IN")) {
                    return "NOT IN";
                }
                at = start;
                throw error("expected IN after NOT");
            default:
                at = start;
                throw error("expected a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN), found '" + word + "'");
        }
    }

    private Double number() {
        skipSpace();
        int start = at;
        while (at < text.length() && "+-.0123456789eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String literal = text.substring(start, at);
        try {
            if (literal.isEmpty()) {
                throw new NumberFormatException();
            }
            return Double.valueOf(literal);
        } catch (NumberFormatException e) {
            at = start;
            throw error("expected a number");
        }
    }

    private String string() {
        skipSpace();
        if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"')) {
            return quoted(text.charAt(at));
        }
        throw error("expected a quoted string value ('...' or \"...\")");
    }

    private List<Object> list() {
        skipSpace();
        expect('(');
        List<Object> values = new ArrayList<>();
        values.add(string());
        skipSpace();
        while (at < text.length() && text.charAt(at) == ',') {
            at++;
            values.add(string());
            skipSpace();
        }
        expect(')');
        return values;
    }

    private String quoted(char quote) {
        int start = ++at;
        StringBuilder value = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                // A doubled quote stands for one, as in SQL.
                if (at < text.length() && text.charAt(at) == quote) {
                    value.append(quote);
                    at++;
                    continue;
                }
                return value.toString();
            }
            value.append(c);
        }
        at = start - 1;
        throw error("unterminated quote " + quote);
    }

    private void expect(char c) {
        skipSpace();
        if (at >= text.length() || text.charAt(at) != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private void keyword(String keyword) {
        int start = at;
        String word = word();
        if (!word.equalsIgnoreCase(keyword)) {
            at = start;
            throw error("expected " + keyword + " between clauses (MLflow filters join clauses with AND only)");
        }
    }

    private String word() {
        skipSpace();
        int start = at;
        while (at < text.length() && Character.isLetter(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    private boolean more() {
        skipSpace();
        return at < text.length();
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private CustodyException error(String message) {
        skipSpace();
        return CustodyException.badRequest(field, "cannot parse '" + text + "' at character " + (at + 1) + ": "
                + message);
    }
}
