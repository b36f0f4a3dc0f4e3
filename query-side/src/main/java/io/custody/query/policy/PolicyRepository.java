package io.custody.query.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.policy.DefaultPolicy;
import io.custody.values.ContentDigest;
import io.custody.values.RuleOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code rm_policy} and {@code rm_policy_decision}; the shipped default stands in where nothing is published. */
@Repository
class PolicyRepository {

    static final PolicyView BUILTIN = new PolicyView(DefaultPolicy.NAME.value(), DefaultPolicy.VERSION,
            DefaultPolicy.document(), ContentDigest.sha256Hex(DefaultPolicy.document()), null, null, null, true);
    private static final TypeReference<List<RuleOutcome>> RULES = new TypeReference<>() {
    };
    private static final String POLICY = "SELECT name, version, document, sha256, published_by, published_at, position "
            + "FROM rm_policy ";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    PolicyRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A version of a named policy: the given one, else the newest; published by {@code asOf} when given. */
    Optional<PolicyView> version(String name, Integer version, OffsetDateTime asOf) {
        if (DefaultPolicy.NAME.value().equals(name)) {
            return version == null || version == DefaultPolicy.VERSION ? Optional.of(BUILTIN) : Optional.empty();
        }
        List<Object> args = new ArrayList<>(List.of(name));
        String sql = POLICY + "WHERE name = ?";
        if (version != null) {
            sql += " AND version = ?";
            args.add(version);
        }
        if (asOf != null) {
            sql += " AND published_at <= ?";
            args.add(asOf);
        }
        return jdbc.query(sql + " ORDER BY version DESC LIMIT 1", POLICY_ROW, args.toArray()).stream().findFirst();
    }

    /** The policy in force at {@code asOf} (now when null): the newest publication of any name, else the default. */
    PolicyView inForce(OffsetDateTime asOf) {
        List<PolicyView> newest = asOf == null
                ? jdbc.query(POLICY + "ORDER BY position DESC LIMIT 1", POLICY_ROW)
                : jdbc.query(POLICY + "WHERE published_at <= ? ORDER BY position DESC LIMIT 1", POLICY_ROW, asOf);
        return newest.isEmpty() ? BUILTIN : newest.get(0);
    }

    /** Every published version, newest first. */
    List<PolicyView> all() {
        return jdbc.query(POLICY + "ORDER BY position DESC", POLICY_ROW);
    }

    List<DecisionView> decisions(String model, Integer version, String environment, String outcome, Long before,
                                 int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM rm_policy_decision WHERE TRUE");
        List<Object> args = new ArrayList<>();
        where(sql, args, "model", model);
        where(sql, args, "version", version);
        where(sql, args, "environment", environment);
        where(sql, args, "outcome", outcome);
        if (before != null) {
            sql.append(" AND position < ?");
            args.add(before);
        }
        sql.append(" ORDER BY position DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), this::decision, args.toArray());
    }

    /** The decisions about each of these model versions ({@code model#version}), oldest first. */
    List<DecisionView> decisionsOf(List<String> models, List<Integer> versions) {
        return jdbc.query("""
                        SELECT d.* FROM rm_policy_decision d
                        JOIN unnest(?::varchar[], ?::int[]) AS k (model, version)
                          ON d.model = k.model AND d.version = k.version
                        ORDER BY d.position""",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar", models.toArray()));
                    ps.setArray(2, ps.getConnection().createArrayOf("integer", versions.toArray()));
                }, this::decision);
    }

    private static void where(StringBuilder sql, List<Object> args, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static final RowMapper<PolicyView> POLICY_ROW = (rs, i) -> new PolicyView(rs.getString("name"),
            rs.getInt("version"), rs.getString("document"), rs.getString("sha256"), rs.getString("published_by"),
            rs.getObject("published_at", OffsetDateTime.class), rs.getLong("position"), false);

    private DecisionView decision(ResultSet rs, int row) throws SQLException {
        try {
            return new DecisionView(rs.getLong("position"), rs.getString("command"), rs.getString("model"),
                    (Integer) rs.getObject("version"), rs.getString("environment"), rs.getString("service"),
                    rs.getString("actor"), rs.getString("outcome"), rs.getString("policy_name"),
                    rs.getInt("policy_version"), json.readValue(rs.getString("rules"), RULES),
                    rs.getObject("recorded_at", OffsetDateTime.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rules in rm_policy_decision", e);
        }
    }
}
