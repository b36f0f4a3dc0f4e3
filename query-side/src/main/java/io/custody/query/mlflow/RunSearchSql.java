package io.custody.query.mlflow;

import io.custody.query.mlflow.SearchFilter.Clause;
import io.custody.query.mlflow.SearchFilter.Kind;
import io.custody.query.mlflow.SearchFilter.Order;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed run search into one SQL statement over {@code rm_ml_run} and its key-value tables: each metric,
 * parameter or tag clause joins its table on (run, key) once (the (key, value) indexes answer the comparison),
 * an ordering key joins it too (left, so runs without it sort last, as MLflow sorts them), and MLflow's
 * tie-breakers (start_time DESC, run_id) follow. Keys and values are bound parameters, never spliced in.
 */
final class RunSearchSql {

    private static final Map<String, String> ATTRIBUTE_COLUMNS = Map.of("run_id", "r.run_id", "run_name", "r.run_name",
            "status", "r.status", "user_id", "r.user_id", "experiment_id", "r.experiment_id",
            "lifecycle_stage", "r.lifecycle_stage", "start_time", "r.start_time", "created", "r.start_time",
            "end_time", "r.end_time");

    final String sql;
    final List<Object> args;

    private RunSearchSql(String sql, List<Object> args) {
        this.sql = sql;
        this.args = args;
    }

    /** {@code stages}: the lifecycle stages the view type admits ("active", "deleted"). */
    static RunSearchSql of(List<String> experimentIds, List<String> stages, SearchFilter filter, List<Order> orders,
                           int limit, int offset) {
        List<Object> joinArgs = new ArrayList<>();
        List<Object> whereArgs = new ArrayList<>();
        StringBuilder joins = new StringBuilder();
        StringBuilder where = new StringBuilder(" WHERE r.experiment_id = ANY (?) AND r.lifecycle_stage = ANY (?)");
        whereArgs.add(experimentIds.toArray(String[]::new));
        whereArgs.add(stages.toArray(String[]::new));
        int alias = 0;
        Map<String, String> innerMetricJoins = new java.util.HashMap<>();
        for (Clause clause : filter.clauses()) {
            if (clause.kind() == Kind.ATTRIBUTE) {
                where.append(" AND ").append(comparison(ATTRIBUTE_COLUMNS.get(clause.key()), clause, whereArgs));
                continue;
            }
            String a = "k" + alias++;
            joins.append(" JOIN ").append(table(clause.kind())).append(' ').append(a).append(" ON ").append(a)
                    .append(".run_id = r.run_id AND ").append(a).append(".key = ?");
            joinArgs.add(clause.key());
            where.append(" AND ").append(comparison(a + ".value", clause, whereArgs));
            if (clause.kind() == Kind.METRIC) {
                innerMetricJoins.putIfAbsent(clause.key(), a);
            }
        }
        List<String> orderTerms = new ArrayList<>();
        for (Order order : orders) {
            String direction = order.ascending() ? " ASC" : " DESC";
            if (order.kind() == Kind.ATTRIBUTE) {
                orderTerms.add(ATTRIBUTE_COLUMNS.get(order.key()) + direction + " NULLS LAST");
                continue;
            }
            String a = order.kind() == Kind.METRIC ? innerMetricJoins.get(order.key()) : null;
            if (a != null) {
                // A filtered metric is joined inner, so never null: the plain direction lets PostgreSQL walk the
                // (key, value) index in order and stop at the limit (NULLS LAST on DESC would make it sort all).
                orderTerms.add(a + ".value" + direction);
                continue;
            }
            a = "k" + alias++;
            joins.append(" LEFT JOIN ").append(table(order.kind())).append(' ').append(a).append(" ON ")
                    .append(a).append(".run_id = r.run_id AND ").append(a).append(".key = ?");
            joinArgs.add(order.key());
            orderTerms.add(a + ".value" + direction + " NULLS LAST");
        }
        orderTerms.add("r.start_time DESC");
        orderTerms.add("r.run_id ASC");
        String sql = "SELECT r.run_id FROM rm_ml_run r" + joins + where + " ORDER BY " + String.join(", ", orderTerms)
                + " LIMIT ? OFFSET ?";
        List<Object> args = new ArrayList<>(joinArgs);
        args.addAll(whereArgs);
        args.add(limit);
        args.add(offset);
        return new RunSearchSql(sql, args);
    }

    private static String table(Kind kind) {
        return switch (kind) {
            case METRIC -> "rm_ml_run_latest_metric";
            case PARAM -> "rm_ml_run_param";
            case TAG -> "rm_ml_run_tag";
            case ATTRIBUTE -> throw new IllegalArgumentException("attributes are columns of rm_ml_run");
        };
    }

    private static String comparison(String column, Clause clause, List<Object> args) {
        switch (clause.comparator()) {
            case "IN", "NOT IN" -> {
                args.add(clause.values().stream().map(String::valueOf).toArray(String[]::new));
                return (clause.comparator().equals("IN") ? "" : "NOT ") + column + " = ANY (?)";
            }
            default -> {
                Object value = clause.value();
                // Epoch milliseconds compare as whole numbers; metrics as doubles.
                args.add(value instanceof Double d && !column.endsWith(".value") ? (Object) d.longValue() : value);
                return column + " " + clause.comparator() + " ?";
            }
        }
    }
}
