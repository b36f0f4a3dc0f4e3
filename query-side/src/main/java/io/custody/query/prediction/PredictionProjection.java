package io.custody.query.prediction;

import io.custody.events.prediction.OutcomeRecorded;
import io.custody.events.prediction.OutcomesRecorded;
import io.custody.events.prediction.PredictionRecorded;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.jdbc.OptimisticInsert;
import io.custody.meta.Metadata;
import io.custody.query.store.StoredEventSource;
import io.custody.query.store.StoredEventSource.Column;
import io.custody.query.support.BatchBuffer;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.JsonColumns;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code rm_prediction}. Predictions arrive by the million, a batch of up to 10,000 to an event
 * ({@link PredictionsRecorded}), so this projection neither deserializes them nor binds their fields: its
 * handler notes the event identifier, and before the processor's batch commits (with its token, in the same
 * transaction) one statement copies the predictions from the event store into the table, reading the stored
 * JSON in PostgreSQL; {@link OutcomesRecorded} batches are applied the same way, after the inserts. A replayed
 * batch's inserts meet their rows and skip them (the {@code ON CONFLICT} form, {@link OptimisticInsert}), and
 * outcome updates only apply a newer outcome, so a replay changes nothing.
 *
 * <p>Stores written before predictions were batched hold one {@link PredictionRecorded} per prediction and
 * one {@link OutcomeRecorded} per outcome; those are copied and applied as they always were.
 *
 * <p>The copies read the stored form of these events (their only revision, none): an upcaster for one
 * must come with a change here, and until then the statement refuses events of another revision instead
 * of skipping them (the batch fails and is retried, loudly).
 */
@Component
@ProcessingGroup(PredictionProjection.GROUP)
class PredictionProjection {

    static final String GROUP = "prediction-read-model";

    private static final String PENDING = PredictionProjection.class.getName() + ".pending";

    // One row per prediction of either stored form: each element of a batch's list, or the older event itself.
    // The same columns the event's fields gave when this projection deserialized them: JSON null becomes SQL
    // NULL, an absent prediction time (older events only) falls back to the reported event time, then to the
    // recorded time. The metadata is parsed only for a prediction without its own time.
    private static String copyPredictions(StoredEventSource store, String onConflict) {
        return """
                WITH src AS (%s),
                ins AS (
                    INSERT INTO rm_prediction (environment, service, request_id, model, version, predicted_at,
                                               recorded_at, features_digest, output, explanation, position)
                    SELECT payload->>'environment', payload->>'service', e->>'requestId', e->'modelVersion'->>'model',
                           (e->'modelVersion'->>'version')::int,
                           COALESCE((e->>'predictedAt')::timestamptz,
                                    (convert_from(metadata_json, 'UTF8')::jsonb->>'eventTime')::timestamptz,
                                    recorded_at),
                           recorded_at, e->>'featuresDigest',
                           NULLIF(e->'output', 'null'::jsonb), NULLIF(e->'explanation', 'null'::jsonb), position
                      FROM src, jsonb_array_elements(CASE WHEN payload_type = '%s' THEN payload->'predictions'
                                                          ELSE jsonb_build_array(payload) END) AS e
                     WHERE revision IS NULL
                     ORDER BY position
                    %s
                )
                SELECT count(*), count(*) FILTER (WHERE revision IS NOT NULL) FROM src""".formatted(
                store.byEventIds(Column.POSITION, Column.RECORDED_AT, Column.PAYLOAD_TYPE, Column.REVISION,
                        Column.METADATA_JSON, Column.PAYLOAD),
                PredictionsRecorded.class.getName(), onConflict);
    }

    // Outcomes from batch events, applied after the batch's predictions; only a newer outcome replaces one.
    private static String applyOutcomeBatches(StoredEventSource store) {
        return """
                WITH src AS (%s),
                upd AS (
                    UPDATE rm_prediction r
                       SET outcome = o.outcome, observed_at = o.observed_at, outcome_position = o.position,
                           outcome_recorded_at = o.recorded_at
                      FROM (SELECT DISTINCT ON (payload->>'environment', payload->>'service', e->>'requestId')
                                   payload->>'environment' AS environment, payload->>'service' AS service,
                                   e->>'requestId' AS request_id, e->'outcome' AS outcome,
                                   (e->>'observedAt')::timestamptz AS observed_at, position, recorded_at
                              FROM src, jsonb_array_elements(payload->'outcomes') AS e
                             WHERE revision IS NULL
                             ORDER BY payload->>'environment', payload->>'service', e->>'requestId', position DESC) o
                     WHERE r.environment = o.environment AND r.service = o.service AND r.request_id = o.request_id
                       AND (r.outcome_position IS NULL OR r.outcome_position < o.position)
                )
                SELECT count(*), count(*) FILTER (WHERE revision IS NOT NULL) FROM src""".formatted(
                store.byEventIds(Column.POSITION, Column.RECORDED_AT, Column.REVISION, Column.PAYLOAD));
    }

    private static final String UPDATE_OUTCOME = """
            UPDATE rm_prediction SET outcome = ?::jsonb, observed_at = ?, outcome_position = ?, outcome_recorded_at = ?
             WHERE environment = ? AND service = ? AND request_id = ?
               AND (outcome_position IS NULL OR outcome_position < ?)""";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;
    private final EventPositions positions;
    private final String copyPredictions;
    private final String copyPredictionsOnConflict;
    private final String applyOutcomeBatches;

    PredictionProjection(JdbcTemplate jdbc, JsonColumns json, EventPositions positions, StoredEventSource store) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
        this.copyPredictions = copyPredictions(store, "");
        this.copyPredictionsOnConflict = copyPredictions(store,
                "ON CONFLICT (environment, service, request_id) DO NOTHING");
        this.applyOutcomeBatches = applyOutcomeBatches(store);
    }

    private record Key(String environment, String service, String requestId) {
    }

    private record Outcome(String outcome, OffsetDateTime observedAt, long position, OffsetDateTime recordedAt) {
    }

    /** The rows of one batch; flushed once, before the batch's transaction commits. */
    private final class Batch {
        final List<String> predictions = new ArrayList<>();
        final Map<Key, Outcome> outcomes = new LinkedHashMap<>();
        final List<String> outcomeBatches = new ArrayList<>();

        void flush() {
            if (!predictions.isEmpty()) {
                // Only a replay over rows already projected meets a taken key (OptimisticInsert).
                check(OptimisticInsert.run(jdbc, copyPredictions, copyPredictionsOnConflict,
                        (c, sql) -> copy(c, sql, predictions)), predictions, "prediction events");
            }
            if (!outcomeBatches.isEmpty()) {
                check(jdbc.execute((ConnectionCallback<long[]>) c -> copy(c, applyOutcomeBatches, outcomeBatches)),
                        outcomeBatches, "outcome batches");
            }
            // After the inserts, so an outcome whose prediction is in the same batch finds its row. It is
            // not merged into the insert: on a replay the row may already exist without it.
            if (!outcomes.isEmpty()) {
                List<Map.Entry<Key, Outcome>> rows = new ArrayList<>(outcomes.entrySet());
                jdbc.batchUpdate(UPDATE_OUTCOME, rows, rows.size(), PredictionProjection::bindOutcome);
            }
        }
    }

    // Only the type and the identifier: the payload stays serialized (see the class comment). The
    // identifier, not the token, names the row: a token can carry a later position than its event's.
    @EventHandler(payloadType = PredictionRecorded.class)
    void on(EventMessage<?> event) {
        pending().predictions.add(event.getIdentifier());
    }

    @EventHandler(payloadType = PredictionsRecorded.class)
    void onBatch(EventMessage<?> event) {
        pending().predictions.add(event.getIdentifier());
    }

    @EventHandler(payloadType = OutcomesRecorded.class)
    void onOutcomes(EventMessage<?> event) {
        pending().outcomeBatches.add(event.getIdentifier());
    }

    @EventHandler
    void on(OutcomeRecorded event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Metadata.EVENT_TIME) Object eventTime) {
        Key key = new Key(event.environment().value(), event.service().value(), event.requestId().value());
        pending().outcomes.merge(key, new Outcome(json.write(event.outcome()),
                EventTimes.happenedAt(event.observedAt(), eventTime, at), positions.of(token), EventTimes.utc(at)),
                (a, b) -> a.position() >= b.position() ? a : b);
    }

    private Batch pending() {
        return BatchBuffer.of(PENDING, Batch::new, Batch::flush);
    }

    /** Runs a copy over {@code eventIds}; answers how many of them it found, and how many of another revision. */
    private static long[] copy(Connection c, String sql, List<String> eventIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static void check(long[] found, List<String> eventIds, String what) {
        if (found[0] != eventIds.size() || found[1] > 0) {
            throw new IllegalStateException("prediction read model: of " + eventIds.size() + " " + what + " "
                    + found[0] + " were found in the event store and " + found[1]
                    + " have a payload revision this projection does not read");
        }
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
