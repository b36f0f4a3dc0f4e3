package io.custody.query.prediction;

import io.custody.query.support.AsOf;
import io.custody.query.support.JsonColumns;
import io.custody.query.support.Temporal;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Reads the prediction read model. A prediction row has two moments, the prediction and its outcome,
 * each with both of its times, so reading it as of an instant needs no history table.
 */
@Repository
public class PredictionRepository {

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;

    PredictionRepository(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private RowMapper<PredictionView> row(AsOf asOf) {
        return (rs, i) -> {
            OffsetDateTime observedAt = rs.getObject("observed_at", OffsetDateTime.class);
            boolean outcomeKnown = asOf == null
                    || asOf.reached(rs.getObject("outcome_recorded_at", OffsetDateTime.class), observedAt);
            return new PredictionView(rs.getString("environment"), rs.getString("service"),
                    rs.getString("request_id"), rs.getString("model"), rs.getInt("version"),
                    rs.getObject("predicted_at", OffsetDateTime.class), rs.getObject("recorded_at", OffsetDateTime.class),
                    rs.getString("features_digest"), json.read(rs.getString("output")),
                    json.read(rs.getString("explanation")), outcomeKnown ? json.read(rs.getString("outcome")) : null,
                    outcomeKnown ? observedAt : null, rs.getLong("position"), asOf);
        };
    }

    public Optional<PredictionView> find(String environment, String service, String requestId) {
        return find(environment, service, requestId, null);
    }

    /** The prediction now, or as of the instant: absent if it was not recorded (or made) by then. */
    public Optional<PredictionView> find(String environment, String service, String requestId, AsOf asOf) {
        MapSqlParameterSource p = (asOf == null ? new MapSqlParameterSource() : Temporal.at(asOf))
                .addValue("environment", environment).addValue("service", service).addValue("requestId", requestId);
        return jdbc.query("SELECT environment, service, request_id, model, version, predicted_at, recorded_at, "
                + "features_digest, output, explanation, outcome, observed_at, outcome_recorded_at, position "
                + "FROM rm_prediction WHERE environment = :environment AND service = :service "
                + "AND request_id = :requestId"
                + (asOf == null ? "" : " AND " + asOf.pick("recorded_at", "predicted_at") + " <= :" + Temporal.AT),
                p, row(asOf)).stream().findFirst();
    }
}
