package io.custody.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.PredictionEntry;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The view monitoring reads of a stored batch holds what the whole event holds of sketches and times. */
class PredictionBatchViewTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private static PredictionEntry entry(String id, Instant at, double score) {
        var output = JsonNodeFactory.instance.objectNode().put("score", score).put("label", "approve");
        return new PredictionEntry(new RequestId(id), new ModelVersionRef(new ModelName("credit-risk"), 17), at,
                "sha256:" + "ab".repeat(32), null, output, null);
    }

    @Test
    void reads_the_sketches_and_the_latest_prediction_time_of_a_stored_batch() throws Exception {
        Instant t1 = Instant.parse("2026-01-15T09:00:10.5Z");
        Instant t2 = Instant.parse("2026-01-15T09:01:59.123456789Z");
        Instant t0 = Instant.parse("2026-01-15T08:59:00Z");
        List<PredictionEntry> entries = List.of(entry("a", t1, 0.2), entry("b", t2, 0.9), entry("c", t0, 0.5));
        var features = JsonNodeFactory.instance.objectNode().put("age", 40);
        List<BatchSketcher.Item> items = entries.stream()
                .map(e -> new BatchSketcher.Item(e.predictedAt(), features, e.output())).toList();
        PredictionsRecorded event = new PredictionsRecorded(new Environment("production"), new ServiceName("api"),
                entries, BatchSketcher.sketch(items, Set.of("age")));

        byte[] stored = JSON.writeValueAsBytes(event);
        PredictionBatchView view = PredictionBatchView.read(JSON, stored);

        assertThat(view.latest()).isEqualTo(t2);
        assertThat(view.sketches()).isEqualTo(event.sketches()).hasSize(3);
        // Stored before the predictions, so the read stops before them.
        assertThat(new String(stored, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"sketches\""))
                .isLessThan(new String(stored, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"predictions\""));
    }

    @Test
    void a_batch_stored_before_its_sketches_came_first_and_had_times_is_read_through_its_predictions() throws Exception {
        Instant t1 = Instant.parse("2026-01-15T09:00:10.5Z");
        Instant t2 = Instant.parse("2026-01-15T09:01:59.123456789Z");
        List<PredictionEntry> entries = List.of(entry("b", t2, 0.9), entry("a", t1, 0.2));
        var features = JsonNodeFactory.instance.objectNode().put("age", 40);
        PredictionsRecorded event = new PredictionsRecorded(new Environment("production"), new ServiceName("api"),
                entries, BatchSketcher.sketch(entries.stream()
                        .map(e -> new BatchSketcher.Item(e.predictedAt(), features, e.output())).toList(), Set.of("age")));
        ObjectNode stored = (ObjectNode) JSON.readTree(JSON.writeValueAsBytes(event));
        ObjectNode older = JsonNodeFactory.instance.objectNode();
        older.set("environment", stored.get("environment"));
        older.set("service", stored.get("service"));
        older.set("predictions", stored.get("predictions"));
        stored.get("sketches").forEach(b -> ((ObjectNode) b).remove("latest"));
        older.set("sketches", stored.get("sketches"));

        PredictionBatchView view = PredictionBatchView.read(JSON, JSON.writeValueAsBytes(older));

        assertThat(view.latest()).isEqualTo(t2);
        assertThat(view.sketches()).hasSize(2).allSatisfy(b -> assertThat(b.latest()).isNull());
    }

    @Test
    void a_batch_stored_without_sketches_has_none_in_its_view() throws Exception {
        Instant t = Instant.parse("2026-01-15T09:00:00Z");
        PredictionsRecorded event = new PredictionsRecorded(new Environment("production"), new ServiceName("api"),
                List.of(entry("a", t, 0.2)));

        PredictionBatchView view = PredictionBatchView.read(JSON, JSON.writeValueAsBytes(event));

        assertThat(view.sketches()).isNull();
        assertThat(view.latest()).isEqualTo(t);
    }
}
