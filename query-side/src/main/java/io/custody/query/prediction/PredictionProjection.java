package io.custody.query.prediction;

import io.custody.events.prediction.OutcomeRecorded;
import io.custody.events.prediction.PredictionRecorded;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.JsonColumns;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code rm_prediction}. Predictions arrive by the hundred thousand, so handlers only buffer rows
 * in the batch's unit of work; before the batch commits (with its token, in the same transaction) the
 * buffer is written with one JDBC batch of inserts and one of outcome updates. Inserts do nothing on conflict and outcome
 * updates only apply a newer outcome, so a replayed batch changes nothing.
 */
@Component
@ProcessingGroup(PredictionProjection.GROUP)
class PredictionProjection {

    static final String GROUP = "prediction-read-model";

    private static final String PENDING = PredictionProjection.class.getName() + ".pending";

    private static final String INSERT = """
            INSERT INTO rm_prediction (environment, service, request_id, model, version, predicted_at, recorded_at,
                                       features_digest, output, explanation, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
            ON CONFLICT (environment, service, request_id) DO NOTHING""";

    private static final String UPDATE_OUTCOME = """
            UPDATE rm_prediction SET outcome = ?::jsonb, observed_at = ?, outcome_position = ?, outcome_recorded_at = ?
             WHERE environment = ? AND service = ? AND request_id = ?
               AND (outcome_position IS NULL OR outcome_position < ?)""";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;

    PredictionProjection(JdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private record Key(String environment, String service, String requestId) {
    }

    private record Outcome(String outcome, OffsetDateTime observedAt, long position, OffsetDateTime recordedAt) {
    }

    private record Row(Key key, String model, int version, OffsetDateTime predictedAt, OffsetDateTime recordedAt,
                       String featuresDigest, String output, String explanation, long position) {
    }

    /** The rows of one batch; flushed once, before the batch's transaction commits. */
    private final class Batch {
        final Map<Key, Row> predictions = new LinkedHashMap<>();
        final Map<Key, Outcome> outcomes = new LinkedHashMap<>();

        void flush() {
            if (!predictions.isEmpty()) {
                List<Row> rows = new ArrayList<>(predictions.values());
                jdbc.batchUpdate(INSERT, rows, rows.size(), PredictionProjection::bindInsert);
            }
            // After the inserts, so an outcome whose prediction is in the same batch finds its row. It is
            // not merged into the insert: on a replay the row may already exist without it.
            if (!outcomes.isEmpty()) {
                List<Map.Entry<Key, Outcome>> rows = new ArrayList<>(outcomes.entrySet());
                jdbc.batchUpdate(UPDATE_OUTCOME, rows, rows.size(), PredictionProjection::bindOutcome);
            }
        }
    }

    // Both events carry the reported time themselves, so the metadata (deserialized per event when asked
    // for) is not needed here: this handler runs once per prediction.
    @EventHandler
    void on(PredictionRecorded event, TrackingToken token, @Timestamp Instant at) {
        Key key = new Key(event.environment().value(), event.service().value(), event.requestId().value());
        pending().predictions.putIfAbsent(key, new Row(key, event.modelVersion().model().value(),
                event.modelVersion().version(), EventTimes.happenedAt(event.predictedAt(), null, at),
                EventTimes.utc(at), event.featuresDigest(), json.write(event.output()), json.write(event.explanation()),
                EventPositions.of(token)));
    }

    @EventHandler
    void on(OutcomeRecorded event, TrackingToken token, @Timestamp Instant at) {
        Key key = new Key(event.environment().value(), event.service().value(), event.requestId().value());
        pending().outcomes.merge(key, new Outcome(json.write(event.outcome()),
                EventTimes.happenedAt(event.observedAt(), null, at), EventPositions.of(token), EventTimes.utc(at)),
                (a, b) -> a.position() >= b.position() ? a : b);
    }

    private Batch pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("prediction rows are written inside an event handler's unit of work");
        }
        UnitOfWork<?> uow = CurrentUnitOfWork.get().root();
        return uow.getOrComputeResource(PENDING, k -> {
            Batch batch = new Batch();
            uow.onPrepareCommit(u -> batch.flush());
            return batch;
        });
    }

    private static void bindInsert(PreparedStatement ps, Row row) throws SQLException {
        ps.setString(1, row.key().environment());
        ps.setString(2, row.key().service());
        ps.setString(3, row.key().requestId());
        ps.setString(4, row.model());
        ps.setInt(5, row.version());
        ps.setObject(6, row.predictedAt());
        ps.setObject(7, row.recordedAt());
        ps.setString(8, row.featuresDigest());
        ps.setString(9, row.output());
        ps.setString(10, row.explanation());
        ps.setLong(11, row.position());
    }

    private static void bindOutcome(PreparedStatement ps, Map.Entry<Key, Outcome> entry) throws SQLException {
        Outcome outcome = entry.getValue();
        ps.setString(1, outcome.outcome());
        ps.setObject(2, outcome.observedAt());
        ps.setLong(3, outcome.position());
        ps.setObject(4, outcome.recordedAt());
        ps.setString(5, entry.getKey().environment());
        ps.setString(6, entry.getKey().service());
        ps.setString(7, entry.getKey().requestId());
        ps.setLong(8, outcome.position());
    }
}
