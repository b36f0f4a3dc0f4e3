package io.custody.query.mlflow;

import java.util.List;

/**
 * A parsed MLflow search filter: clauses joined by AND (MLflow's grammar has no OR), e.g.
 * {@code metrics.auc > 0.8 AND params.max_depth = '6' AND tags.`team name` LIKE 'risk%'}.
 */
public record SearchFilter(List<Clause> clauses) {

    public SearchFilter {
        clauses = List.copyOf(clauses);
    }

    /** Where a key lives: a run's latest metrics, its parameters, its tags, or one of its attributes. */
    public enum Kind { METRIC, PARAM, TAG, ATTRIBUTE }

    /**
     * One comparison. {@code values} holds one value, or the list of an IN; a value is a {@link String} or,
     * for metrics and numeric attributes, a {@link Double}. {@code comparator} is upper case: =, !=, &gt;,
     * &gt;=, &lt;, &lt;=, LIKE, ILIKE, IN, NOT IN.
     */
    public record Clause(Kind kind, String key, String comparator, List<Object> values) {

        public Clause {
            values = List.copyOf(values);
        }

        public Object value() {
            return values.get(0);
        }
    }

    /** One key of an order_by: {@code metrics.auc DESC}. */
    public record Order(Kind kind, String key, boolean ascending) {
    }
}
