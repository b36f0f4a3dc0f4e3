package io.custody.query.prediction;

import io.custody.query.support.JsonColumns;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Optional;

/** Reads the prediction read model. */
@Repository
public class PredictionRepository {

    private final NamedParameterJdbcTemplate jdbc;
    private final RowMapper<PredictionView> row;

    PredictionRepository(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.row = (rs, i) -> new PredictionView(rs.getString("environment"), rs.getString("service"),
                rs.getString("request_id"), rs.getString("model"), rs.getInt("version"),
                rs.getObject("predicted_at", OffsetDateTime.class), rs.getObject("recorded_at", OffsetDateTime.class),
                rs.getString("features_digest"), json.read(rs.getString("output")),
                json.read(rs.getString("explanation")), json.read(rs.getString("outcome")),
                rs.getObject("observed_at", OffsetDateTime.class), rs.getLong("position"));
    }

    public Optional<PredictionView> find(String environment, String service, String requestId) {
        return jdbc.query("SELECT environment, service, request_id, model, version, predicted_at, recorded_at, "
                        + "features_digest, output, explanation, outcome, observed_at, position FROM rm_prediction "
                        + "WHERE environment = :environment AND service = :service AND request_id = :requestId",
                new MapSqlParameterSource("environment", environment).addValue("service", service)
                        .addValue("requestId", requestId), row).stream().findFirst();
    }
}
