package io.custody.query.history;

import io.custody.errors.CustodyException;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which events of the audit trail to read: recorded in {@code [from, to)}, caused by {@code actor}, of
 * one of {@code types} (short names such as {@code ModelVersionDeployed}); a null part does not filter.
 */
public record AuditTrailFilter(OffsetDateTime from, OffsetDateTime to, String actor, List<String> types) {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_$]{0,127}");

    public AuditTrailFilter {
        types = types == null ? List.of() : List.copyOf(types);
        if (from != null && to != null && !to.isAfter(from)) {
            throw CustodyException.badRequest("to", "must be after from");
        }
        if (actor != null && (actor.isBlank() || actor.length() > 256)) {
            throw CustodyException.badRequest("actor", "must be 1 to 256 characters");
        }
        for (int i = 0; i < types.size(); i++) {
            if (!TYPE.matcher(types.get(i)).matches()) {
                throw CustodyException.badRequest("types[" + i + "]", "must be an event type's short name, "
                        + "e.g. ModelVersionDeployed");
            }
        }
    }

    /**
     * The SQL conditions on {@code rm_audit_trail} (alias {@code a}) with JDBC placeholders, appending the
     * values to bind to {@code args} in order.
     */
    String where(List<Object> args) {
        List<String> conditions = new ArrayList<>();
        if (from != null) {
            conditions.add("a.recorded_at >= ?");
            args.add(from);
        }
        if (to != null) {
            conditions.add("a.recorded_at < ?");
            args.add(to);
        }
        if (actor != null) {
            conditions.add("a.actor = ?");
            args.add(actor);
        }
        if (!types.isEmpty()) {
            conditions.add("a.type IN (" + String.join(", ", types.stream().map(t -> "?").toList()) + ")");
            args.addAll(types);
        }
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }
}
