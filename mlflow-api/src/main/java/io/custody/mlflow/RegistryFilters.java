package io.custody.mlflow;

import io.custody.query.mlflow.RegistryFilter;
import io.custody.query.mlflow.RegistryFilter.Clause;
import io.custody.query.mlflow.RegistryFilter.Field;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the filters of {@code registered-models/search} and {@code model-versions/search}: clauses joined by AND,
 * {@code name}, {@code run_id} (versions) or {@code tags.<key>} (backticks or double quotes around a key with other
 * characters), a comparator ({@code =}, {@code !=}, {@code LIKE}, {@code ILIKE}) and a quoted value.
 */
final class RegistryFilters {

    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(name|run_id|tags?\\.(?:`([^`]+)`|\"([^\"]+)\"|([\\w.\\-]+)))\\s*(!=|=|LIKE|ILIKE)\\s*"
                    + "(?:'([^']*)'|\"([^\"]*)\")\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern AND = Pattern.compile("AND\\s", Pattern.CASE_INSENSITIVE);

    private RegistryFilters() {
    }

    /** {@code fields} are those the entity is searched by; {@code what} names it in the error. */
    static RegistryFilter parse(String filter, Set<Field> fields, String what) {
        if (filter == null || filter.isBlank()) {
            return RegistryFilter.none();
        }
        List<Clause> clauses = new ArrayList<>();
        Matcher clause = CLAUSE.matcher(filter);
        Matcher and = AND.matcher(filter);
        int at = 0;
        while (true) {
            if (!clause.region(at, filter.length()).lookingAt()) {
                throw invalid(filter, at, what, fields);
            }
            Field field = field(clause.group(1));
            if (!fields.contains(field)) {
                throw invalid(filter, at, what, fields);
            }
            String key = field == Field.TAG ? first(clause.group(2), clause.group(3), clause.group(4)) : null;
            clauses.add(new Clause(field, key, clause.group(5).toUpperCase(Locale.ROOT),
                    first(clause.group(6), clause.group(7))));
            at = clause.end();
            if (at == filter.length()) {
                return new RegistryFilter(clauses);
            }
            if (!and.region(at, filter.length()).lookingAt()) {
                throw invalid(filter, at, what, fields);
            }
            at = and.end();
        }
    }

    private static Field field(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("name") ? Field.NAME : lower.equals("run_id") ? Field.RUN_ID : Field.TAG;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static MlflowException invalid(String filter, int at, String what, Set<Field> fields) {
        List<String> allowed = new ArrayList<>();
        if (fields.contains(Field.NAME)) {
            allowed.add("name");
        }
        if (fields.contains(Field.RUN_ID)) {
            allowed.add("run_id");
        }
        if (fields.contains(Field.TAG)) {
            allowed.add("tags.<key>");
        }
        return MlflowException.invalid("Invalid filter '" + filter + "' at position " + at + ": " + what
                + " are searched by " + String.join(", ", allowed) + " with =, !=, LIKE or ILIKE and a quoted value, "
                + "clauses joined by AND");
    }
}
