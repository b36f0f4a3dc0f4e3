package io.custody.infra.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.events.model.AliasSet;
import io.custody.events.model.ModelRegistered;
import io.custody.events.model.ModelVersionApproved;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.model.ValidationRecorded;
import io.custody.events.prediction.OutcomeRecorded;
import io.custody.events.prediction.PredictionRecorded;
import io.custody.events.run.ArtifactLogged;
import io.custody.events.run.MetricsLogged;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunStarted;
import io.custody.infra.axon.ProcessorBarrier;
import io.custody.infra.support.IntegrationTest;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.values.Alias;
import io.custody.values.CodeVersion;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Environment;
import io.custody.values.Metric;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RequestId;
import io.custody.values.RiskTier;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import io.custody.values.TeamName;
import io.custody.values.TrainingEnvironment;
import io.custody.values.ValidationCheck;
import io.custody.values.VersionLabel;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the lifecycle integration tests share: a realistic lifecycle appended to the real event store the
 * way the command side appends it (stream ids, per-stream sequences, actor and eventTime metadata), and
 * a wait until the real processors have projected it into PostgreSQL and Elasticsearch.
 */
abstract class LifecycleIntegrationTest extends IntegrationTest {

    static final String DATASET_DIGEST = "sha256:" + "d".repeat(64);
    static final String ARTIFACT_V1 = "sha256:" + "1".repeat(64);
    static final String ARTIFACT_V2 = "sha256:" + "2".repeat(64);
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Autowired
    EventStore eventStore;
    @Autowired
    ProcessorBarrier barrier;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ObjectMapper json;

    /** The names of one scenario, unique so tests sharing the database and index stay apart. */
    record Names(String suffix, String dataset, String model, String run1, String run2, String service) {

        static Names fresh() {
            String s = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            return new Names(s, "lending/applications-" + s, "credit-risk-" + s, "run-" + s + "-1", "run-" + s + "-2",
                    "scoring-" + s);
        }

        ModelVersionRef v(int version) {
            return new ModelVersionRef(ModelName.of(model), version);
        }

        String deploymentStream() {
            return Streams.deployment(Environment.of("production"), ServiceName.of(service));
        }
    }

    /**
     * Appends events as the command side would: each stream's sequence continues from its last stored
     * event, with actor and eventTime metadata.
     */
    final class Log {
        private final Map<String, Long> sequences = new HashMap<>();
        private final List<GenericDomainEventMessage<?>> pending = new ArrayList<>();

        Log append(String stream, Object payload, String actor, String eventTime) {
            long sequence = sequences.compute(stream, (s, last) -> (last == null ? eventsIn(s) - 1L : last) + 1);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put(Metadata.ACTOR, actor);
            meta.put(Metadata.SOURCE_SYSTEM, "test");
            if (eventTime != null) {
                meta.put(Metadata.EVENT_TIME, eventTime);
            }
            String type = stream.substring(0, stream.indexOf(':'));
            pending.add(new GenericDomainEventMessage<>(type, stream, sequence, payload, meta));
            return this;
        }

        /** Appends everything pending in one transaction and waits until every projection has applied it. */
        void publish() {
            eventStore.publish(new ArrayList<>(pending));
            pending.clear();
            awaitProjections();
        }
    }

    void awaitProjections() {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        barrier.await(head);
        assertThat(barrier.caughtUp(head)).as("every projection reached position %d", head).isTrue();
    }

    void registerDataset(Names n) {
        graphQl().document("mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { receipt { position } } }")
                .variable("i", Map.of("name", n.dataset(), "owner", "risk-data")).execute();
        graphQl().document("mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) "
                        + "{ receipt { position } } }")
                .variable("i", Map.of("dataset", n.dataset(), "version", "v3", "digest", DATASET_DIGEST,
                        "location", "s3://lake/" + n.dataset() + "/v3")).execute()
                .path("registerDatasetVersion.receipt.position").hasValue();
    }

    /** Two runs on the dataset, a model with two versions from them, a validation, an approval, aliases. */
    Log train(Names n) {
        registerDataset(n);
        DatasetVersionRef input = new DatasetVersionRef(DatasetName.of(n.dataset()), VersionLabel.of("v3"),
                ContentDigest.of(DATASET_DIGEST));
        CodeVersion code = new CodeVersion("https://git.example.com/risk/credit.git", COMMIT, false);
        TrainingEnvironment env = new TrainingEnvironment("registry.example.com/train@sha256:" + "e".repeat(64),
                Map.of("xgboost", "2.0.3", "python", "3.11.7"));
        Log log = new Log();
        for (String run : List.of(n.run1(), n.run2())) {
            RunId id = RunId.of(run);
            String stream = Streams.run(id);
            log.append(stream, new RunStarted(id, "credit-weekly", code, List.of(input),
                            Map.of("learning_rate", "0.1", "max_depth", "6"), env, "trainer-bot"),
                    "carol", "2026-01-05T08:00:00Z")
                    .append(stream, new MetricsLogged(id, List.of(
                            new Metric("auc", 0.80, 1, Instant.parse("2026-01-05T08:30:00Z")),
                            new Metric("loss", 0.52, 1, Instant.parse("2026-01-05T08:30:00Z")))), "carol", null)
                    .append(stream, new MetricsLogged(id, List.of(
                            new Metric("auc", 0.86, 2, Instant.parse("2026-01-05T09:30:00Z")),
                            new Metric("loss", 0.41, 2, Instant.parse("2026-01-05T09:30:00Z")))), "carol", null)
                    .append(stream, new ArtifactLogged(id, "model", "s3://models/" + run + "/model.json",
                            ContentDigest.of(run.equals(n.run1()) ? ARTIFACT_V1 : ARTIFACT_V2)), "carol", null)
                    .append(stream, new RunCompleted(id), "carol", "2026-01-05T10:00:00Z");
        }
        ModelName model = ModelName.of(n.model());
        String stream = Streams.model(model);
        log.append(stream, new ModelRegistered(model, TeamName.of("risk-ml"), "lending", RiskTier.HIGH,
                        "probability of default"), "carol", "2026-01-06T09:00:00Z")
                .append(stream, new ModelVersionRegistered(model, 1, RunId.of(n.run1()), "s3://models/v1/model.json",
                        ContentDigest.of(ARTIFACT_V1), "income:double,age:int", "first"), "carol",
                        "2026-01-06T10:00:00Z")
                .append(stream, new ValidationRecorded(model, 1, Map.of("auc", 0.86),
                        List.of(new ValidationCheck("holdout-auc", true, "0.86 >= 0.80")), true, "dave"), "ci",
                        "2026-01-07T09:00:00Z")
                .append(stream, new ModelVersionApproved(model, 1, "erin", "risk-officer", "fine"), "erin",
                        "2026-01-08T09:00:00Z")
                .append(stream, new AliasSet(model, Alias.of("champion"), 1, null), "erin", null)
                .append(stream, new ModelVersionRegistered(model, 2, RunId.of(n.run2()), "s3://models/v2/model.json",
                        ContentDigest.of(ARTIFACT_V2), "income:double,age:int", "retrained"), "carol",
                        "2026-01-12T09:00:00Z")
                .append(stream, new AliasSet(model, Alias.of("challenger"), 2, null), "erin", null);
        return log;
    }

    ModelVersionDeployed deploy(Names n, int version, Double share, Integer replaced) {
        return new ModelVersionDeployed(Environment.of("production"), ServiceName.of(n.service()), n.v(version), share,
                replaced == null ? null : n.v(replaced), "frank", "gates@3");
    }

    PredictionRecorded prediction(Names n, String requestId, int version, String at) {
        return new PredictionRecorded(Environment.of("production"), ServiceName.of(n.service()),
                RequestId.of(requestId), n.v(version), Instant.parse(at), "sha256:" + "f".repeat(64), null,
                json.createObjectNode().put("pd", 0.07), null);
    }

    String predictionStream(Names n, String requestId) {
        return Streams.prediction(Environment.of("production"), ServiceName.of(n.service()), RequestId.of(requestId));
    }

    /** The whole lifecycle: train, deploy v1, predict, canary v2, promote v2, predict, roll back, undeploy. */
    Names fullLifecycle() {
        Names n = Names.fresh();
        Log log = train(n);
        String deployment = n.deploymentStream();
        log.append(deployment, deploy(n, 1, null, null), "frank", "2026-01-10T09:00:00Z")
                .append(predictionStream(n, "req-1"), prediction(n, "req-1", 1, "2026-01-11T12:00:00Z"), "scoring",
                        null)
                .append(predictionStream(n, "req-1"), new OutcomeRecorded(Environment.of("production"),
                        ServiceName.of(n.service()), RequestId.of("req-1"), json.createObjectNode().put("defaulted",
                        false), Instant.parse("2026-02-11T00:00:00Z")), "loans", null)
                .append(deployment, deploy(n, 2, 0.1, null), "frank", "2026-01-13T09:00:00Z")
                .append(deployment, deploy(n, 2, null, 1), "frank", "2026-01-14T09:00:00Z")
                .append(predictionStream(n, "req-2"), prediction(n, "req-2", 2, "2026-01-14T12:00:00Z"), "scoring",
                        null)
                .append(deployment, new DeploymentRolledBack(Environment.of("production"), ServiceName.of(n.service()),
                        n.v(2), n.v(1), "latency regression"), "grace", "2026-01-15T09:00:00Z")
                .publish();
        return n;
    }

    int eventsIn(String stream) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, stream);
        return count == null ? 0 : count;
    }
}
