package io.custody.infra.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.config.JsonConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins what the store port and the hand-written SQL behind it rely on: the stored JSON of every event type
 * (field names the read models' SQL copies name) and of the tracking tokens in {@code token_entry}, as the
 * application's configured serializers write them. An Axon, Jackson or event change that alters either fails
 * here. After a deliberate change (with an upcaster where stored events are affected), rewrite the fixtures
 * with {@code -Dstore.contract.write=true} and review the diff.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoredFormContractTest {

    private static final Path FIXTURES = Path.of("src/test/resources/store-contract");
    private static final boolean WRITE = Boolean.getBoolean("store.contract.write");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Serializer eventSerializer;
    private Serializer serializer;
    private ObjectMapper configured;

    /** Axon's Spring Boot configuration builds its Jackson serializers around Spring's ObjectMapper; so does this. */
    @BeforeAll
    void configuredSerializers() {
        AtomicReference<ObjectMapper> mapper = new AtomicReference<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(JsonConfiguration.class)
                .withPropertyValues("spring.jackson.serialization.write-dates-as-timestamps=false")
                .run(context -> mapper.set(context.getBean(ObjectMapper.class)));
        configured = mapper.get();
        serializer = JacksonSerializer.builder().objectMapper(configured).build();
        eventSerializer = serializer;
    }

    List<Class<?>> eventTypes() {
        return SampleEvents.eventTypes();
    }

    @Test
    void every_event_type_has_a_fixture_and_every_fixture_an_event_type() throws IOException {
        TreeSet<String> expected = new TreeSet<>(eventTypes().stream().map(c -> c.getName() + ".json").toList());
        try (var files = Files.list(FIXTURES.resolve("events"))) {
            assertThat(new TreeSet<>(files.map(f -> f.getFileName().toString()).toList())).isEqualTo(expected);
        }
        assertThat(expected).hasSizeGreaterThan(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void an_event_is_stored_as_its_fixture_and_read_back_from_it(Class<?> type) throws IOException {
        Object sample = SampleEvents.sample(type);
        SerializedObject<byte[]> stored = eventSerializer.serialize(sample, byte[].class);
        assertThat(stored.getType().getName()).as("payload_type").isEqualTo(type.getName());
        assertThat(stored.getType().getRevision()).as("payload_revision").isNull();

        Path fixture = FIXTURES.resolve("events").resolve(type.getName() + ".json");
        JsonNode fixed = fixture(fixture, stored.getData());
        assertThat(JSON.readTree(stored.getData())).as(fixture.toString()).isEqualTo(fixed);

        Object read = eventSerializer.deserialize(new SimpleSerializedObject<>(JSON.writeValueAsBytes(fixed),
                byte[].class, new SimpleSerializedType(type.getName(), null)));
        assertThat(read).isEqualTo(sample);
    }

    /** Prediction batches stored before monitoring have no sketches: they stay readable, with none. */
    @Test
    void a_prediction_batch_stored_before_sketches_reads_with_none() throws IOException {
        byte[] stored = Files.readAllBytes(FIXTURES.resolve("legacy")
                .resolve("io.custody.events.prediction.PredictionsRecorded-before-sketches.json"));
        Object read = eventSerializer.deserialize(new SimpleSerializedObject<>(stored, byte[].class,
                new SimpleSerializedType(io.custody.events.prediction.PredictionsRecorded.class.getName(), null)));
        assertThat(read).isInstanceOfSatisfying(io.custody.events.prediction.PredictionsRecorded.class, e -> {
            assertThat(e.sketches()).isNull();
            assertThat(e.predictions()).hasSize(1);
        });
    }

    /**
     * Prediction batches stored before buckets carried their latest time, with the sketches after the predictions:
     * they read with no latest time, and monitoring's view of them takes it from the predictions.
     */
    @Test
    void a_prediction_batch_stored_before_bucket_times_reads_with_none_and_its_view_reads_the_predictions()
            throws IOException {
        byte[] stored = Files.readAllBytes(FIXTURES.resolve("legacy")
                .resolve("io.custody.events.prediction.PredictionsRecorded-before-bucket-latest.json"));
        Object read = eventSerializer.deserialize(new SimpleSerializedObject<>(stored, byte[].class,
                new SimpleSerializedType(io.custody.events.prediction.PredictionsRecorded.class.getName(), null)));
        assertThat(read).isInstanceOfSatisfying(io.custody.events.prediction.PredictionsRecorded.class, e -> {
            assertThat(e.sketches()).singleElement().satisfies(b -> assertThat(b.latest()).isNull());
            assertThat(io.custody.monitoring.PredictionBatchView.read(configured, stored).latest())
                    .isEqualTo(e.predictions().get(0).predictedAt());
        });
    }

    @Test
    void a_gap_aware_token_is_stored_as_its_fixture_and_read_back_from_it() throws IOException {
        assertTokenForm(new GapAwareTrackingToken(1042, new TreeSet<>(List.of(1039L, 1040L))), "gap-aware-token.json");
    }

    @Test
    void a_replay_token_is_stored_as_its_fixture_and_read_back_from_it() throws IOException {
        assertTokenForm(ReplayToken.createReplayToken(new GapAwareTrackingToken(1042, new TreeSet<>()),
                new GapAwareTrackingToken(7, new TreeSet<>(List.of(5L)))), "replay-token.json");
    }

    /** What {@code token_entry.token_type} and {@code token} hold, as the token store's serializer writes them. */
    private void assertTokenForm(TrackingToken token, String name) throws IOException {
        SerializedObject<byte[]> stored = serializer.serialize(token, byte[].class);
        assertThat(stored.getType().getName()).as("token_type").isEqualTo(token.getClass().getName());

        Path fixture = FIXTURES.resolve("tokens").resolve(name);
        JsonNode fixed = fixture(fixture, stored.getData());
        assertThat(JSON.readTree(stored.getData())).as(fixture.toString()).isEqualTo(fixed);

        TrackingToken read = serializer.deserialize(new SimpleSerializedObject<>(JSON.writeValueAsBytes(fixed),
                byte[].class, stored.getType()));
        assertThat(read).isEqualTo(token);
    }

    private static JsonNode fixture(Path fixture, byte[] stored) throws IOException {
        if (WRITE) {
            Files.createDirectories(fixture.getParent());
            Files.writeString(fixture, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(stored))
                    + "\n", StandardCharsets.UTF_8);
        }
        assertThat(fixture).as("fixture (write with -Dstore.contract.write=true)").exists();
        return JSON.readTree(fixture.toFile());
    }
}
