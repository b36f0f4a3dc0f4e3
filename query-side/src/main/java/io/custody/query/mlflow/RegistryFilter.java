package io.custody.query.mlflow;

import java.util.List;
import java.util.Map;

/**
 * A parsed filter of {@code registered-models/search} or {@code model-versions/search}: clauses joined by AND, each
 * on the model's name, a version's run id, or a tag ({@code tags.<key>}). Comparators are MLflow's.
 */
public record RegistryFilter(List<Clause> clauses) {

    /** MLflow's comparators with the SQL they mean. */
    static final Map<String, String> SQL = Map.of("=", "=", "!=", "<>", "LIKE", "LIKE", "ILIKE", "ILIKE");

    public enum Field { NAME, RUN_ID, TAG }

    /** {@code key} is the tag's key for {@link Field#TAG}, else null. */
    public record Clause(Field field, String key, String comparator, String value) {

        public Clause {
            if (!SQL.containsKey(comparator)) {
                throw new IllegalArgumentException("comparator " + comparator);
            }
        }
    }

    public RegistryFilter {
        clauses = clauses == null ? List.of() : List.copyOf(clauses);
    }

    public static RegistryFilter none() {
        return new RegistryFilter(List.of());
    }
}
