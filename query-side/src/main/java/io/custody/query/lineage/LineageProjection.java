package io.custody.query.lineage;

import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.events.lineage.DatasetDescribed;
import io.custody.events.lineage.JobDescribed;
import io.custody.events.lineage.JobRunAborted;
import io.custody.events.lineage.JobRunCompleted;
import io.custody.events.lineage.JobRunFailed;
import io.custody.events.lineage.JobRunStarted;
import io.custody.events.lineage.JobRunUpdated;
import io.custody.events.lineage.LineageRecorded;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.run.RunCodeRecorded;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunFailed;
import io.custody.events.run.RunInputsLogged;
import io.custody.events.run.RunStarted;
import io.custody.lineage.LineageNodes;
import io.custody.meta.Metadata;
import io.custody.query.lineage.LineageBatch.Node;
import io.custody.query.support.BatchBuffer;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.query.support.JsonColumns;
import io.custody.values.CodeLocation;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.DatasetVersionRef;
import io.custody.values.Environment;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;
import io.custody.values.LineageDataset;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;
import io.custody.values.VersionLabel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the lineage graph ({@code rm_lineage_node}, {@code rm_lineage_edge}) from the lifecycle events
 * (dataset versions and who produced them, runs and what they read and ran, model versions and the run
 * that built them, deployments) and from OpenLineage's job runs, job and dataset descriptions. Node and
 * edge writes are merged per batch ({@link LineageBatch}); deployment stints are opened and closed as
 * their events come, reading the stints open just before the event's position, so replays agree.
 */
@Component
@ProcessingGroup(LineageProjection.GROUP)
class LineageProjection {

    static final String GROUP = "lineage-read-model";

    private static final String PENDING = LineageProjection.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final JsonColumns json;
    private final EventPositions positions;

    LineageProjection(JdbcTemplate jdbc, JsonColumns json, EventPositions positions) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
    }

    /**
     * What every handler needs of its event: where it is, what it is, and its two clocks. The emitter's clock
     * is read on first use: it is in the metadata, which a job run's report, carrying its own time, never
     * needs deserialized.
     */
    private static final class At {
        private final long position;
        private final EventMessage<?> message;
        private final OffsetDateTime recorded;
        private OffsetDateTime happened;

        At(long position, EventMessage<?> message) {
            this.position = position;
            this.message = message;
            this.recorded = EventTimes.utc(message.getTimestamp());
        }

        long position() {
            return position;
        }

        String eventId() {
            return message.getIdentifier();
        }

        OffsetDateTime recorded() {
            return recorded;
        }

        OffsetDateTime happened() {
            if (happened == null) {
                happened = EventTimes.happenedAt(message.getMetaData().get(Metadata.EVENT_TIME), message.getTimestamp());
            }
            return happened;
        }
    }

    private At at(EventMessage<?> message, TrackingToken token) {
        return new At(positions.of(token), message);
    }

    @EventHandler
    void on(DatasetRegistered event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        dataset(pending(), event.dataset(), at);
    }

    @EventHandler
    void on(DatasetVersionRegistered event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String version = datasetVersion(batch, event.dataset(), event.version(), at);
        if (event.producedByRun() != null && !event.producedByRun().isBlank()) {
            String producer = LineageNodes.producer(event.producedByRun());
            node(batch, producer, at);
            edge(batch, producer, version, "PRODUCED", at);
        }
    }

    @EventHandler
    void on(DatasetVersionQuarantined event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String version = datasetVersion(batch, event.dataset(), event.version(), at);
        batch.quarantine(batch.node(version, "DATASET_VERSION", LineageNodes.nameOf(version), at.position(),
                at.recorded()), event.reason(), at.happened(), at.recorded(), at.position());
    }

    @EventHandler
    void on(RunStarted event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String run = LineageNodes.run(event.run());
        batch.state(node(batch, run, at), "RUNNING", false, at.happened(), at.position());
        for (DatasetVersionRef input : event.inputs()) {
            edge(batch, datasetVersion(batch, input.dataset(), input.version(), at), run, "INPUT_TO", at);
        }
        if (event.code() != null) {
            String commit = LineageNodes.commit(event.code());
            node(batch, commit, at);
            edge(batch, commit, run, "CODE_OF", at);
        }
    }

    /** Inputs an MLflow client logged after the run started: the same edges a start with them draws. */
    @EventHandler
    void on(RunInputsLogged event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String run = LineageNodes.run(event.run());
        node(batch, run, at);
        for (DatasetVersionRef input : event.inputs()) {
            edge(batch, datasetVersion(batch, input.dataset(), input.version(), at), run, "INPUT_TO", at);
        }
    }

    @EventHandler
    void on(RunCodeRecorded event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String run = LineageNodes.run(event.run());
        String commit = LineageNodes.commit(event.code());
        node(batch, run, at);
        node(batch, commit, at);
        edge(batch, commit, run, "CODE_OF", at);
    }

    @EventHandler
    void on(RunCompleted event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        batch.state(node(batch, LineageNodes.run(event.run()), at), "COMPLETED", true, at.happened(), at.position());
    }

    @EventHandler
    void on(RunFailed event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        batch.state(node(batch, LineageNodes.run(event.run()), at), "FAILED", true, at.happened(), at.position());
    }

    @EventHandler
    void on(ModelVersionRegistered event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String run = LineageNodes.run(event.run());
        String version = LineageNodes.modelVersion(new ModelVersionRef(event.model(), event.version()));
        node(batch, run, at);
        node(batch, version, at);
        edge(batch, run, version, "BUILT", at);
    }

    @EventHandler
    void on(JobRunStarted event, EventMessage<?> message, TrackingToken token) {
        report(event.run(), event.report(), message, token);
    }

    @EventHandler
    void on(JobRunUpdated event, EventMessage<?> message, TrackingToken token) {
        report(event.run(), event.report(), message, token);
    }

    @EventHandler
    void on(JobRunCompleted event, EventMessage<?> message, TrackingToken token) {
        report(event.run(), event.report(), message, token);
    }

    @EventHandler
    void on(JobRunFailed event, EventMessage<?> message, TrackingToken token) {
        report(event.run(), event.report(), message, token);
    }

    @EventHandler
    void on(JobRunAborted event, EventMessage<?> message, TrackingToken token) {
        report(event.run(), event.report(), message, token);
    }

    /** A job run's report: its state and facets, its job, its parent run and its code. */
    private void report(JobRunId runId, JobRunReport report, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String run = LineageNodes.jobRun(runId);
        Node runNode = node(batch, run, at);
        OffsetDateTime happened = report.eventTime() == null ? at.happened() : EventTimes.utc(report.eventTime());
        batch.state(runNode, report.state().name(), report.state().terminal(), happened, at.position());
        batch.facets(runNode, report.runFacets(), at.position());
        String job = job(batch, report.job(), at);
        batch.facets(batch.node(job, "JOB", report.job().key(), at.position(), at.recorded()), report.jobFacets(),
                at.position());
        edge(batch, job, run, "RAN", at, happened);
        if (report.parentRun() != null) {
            String parent = LineageNodes.jobRun(report.parentRun());
            node(batch, parent, at);
            edge(batch, parent, run, "PARENT_OF", at, happened);
            if (report.parentJob() != null) {
                edge(batch, job(batch, report.parentJob(), at), parent, "RAN", at, happened);
            }
        }
        code(batch, report.code(), run, at, happened);
    }

    @EventHandler
    void on(LineageRecorded event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String run = LineageNodes.jobRun(event.run());
        OffsetDateTime happened = event.eventTime() == null ? at.happened() : EventTimes.utc(event.eventTime());
        node(batch, run, at);
        edge(batch, job(batch, event.job(), at), run, "RAN", at, happened);
        for (LineageDataset input : event.inputs()) {
            edge(batch, described(batch, input, at), run, "INPUT_TO", at, happened);
        }
        for (LineageDataset output : event.outputs()) {
            edge(batch, run, described(batch, output, at), "PRODUCED", at, happened);
        }
    }

    @EventHandler
    void on(JobDescribed event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        LineageBatch batch = pending();
        String job = job(batch, event.job(), at);
        batch.facets(batch.node(job, "JOB", event.job().key(), at.position(), at.recorded()), event.jobFacets(),
                at.position());
        OffsetDateTime happened = EventTimes.utc(event.eventTime());
        for (LineageDataset input : event.inputs()) {
            described(batch, input, at);
            edge(batch, dataset(batch, input.dataset(), at), job, "DECLARED_INPUT", at, happened);
        }
        for (LineageDataset output : event.outputs()) {
            described(batch, output, at);
            edge(batch, job, dataset(batch, output.dataset(), at), "DECLARED_OUTPUT", at, happened);
        }
        code(batch, event.code(), job, at, happened);
    }

    @EventHandler
    void on(DatasetDescribed event, EventMessage<?> message, TrackingToken token) {
        described(pending(), event.description(), at(message, token));
    }

    @EventHandler
    void on(ModelVersionDeployed event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        String deployment = deploymentNode(event.environment(), event.service(), event.modelVersion(), at);
        Set<String> open = openBefore(deployment, at.position());
        Set<String> serving = new LinkedHashSet<>();
        // A canary serves beside what serves already; a primary deployment replaces everything, as the aggregate does.
        if (event.canaryShare() != null) {
            serving.addAll(open);
        }
        serving.add(LineageNodes.modelVersion(event.modelVersion()));
        serve(deployment, open, serving, at);
    }

    @EventHandler
    void on(DeploymentRolledBack event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        String deployment = deploymentNode(event.environment(), event.service(), event.to(), at);
        serve(deployment, openBefore(deployment, at.position()), Set.of(LineageNodes.modelVersion(event.to())), at);
    }

    @EventHandler
    void on(ModelUndeployed event, EventMessage<?> message, TrackingToken token) {
        At at = at(message, token);
        String deployment = deploymentNode(event.environment(), event.service(), null, at);
        Set<String> open = openBefore(deployment, at.position());
        Set<String> serving = new LinkedHashSet<>(open);
        if (event.versions().isEmpty()) {
            serving.clear();
        } else {
            event.versions().forEach(v -> serving.remove(LineageNodes.modelVersion(v)));
        }
        serve(deployment, open, serving, at);
    }

    private String deploymentNode(Environment environment, ServiceName service, ModelVersionRef version, At at) {
        LineageBatch batch = pending();
        String deployment = LineageNodes.deployment(environment, service);
        node(batch, deployment, at);
        if (version != null) {
            node(batch, LineageNodes.modelVersion(version), at);
        }
        return deployment;
    }

    /** Model versions with a stint open on the deployment just before {@code position}. */
    private Set<String> openBefore(String deployment, long position) {
        return new LinkedHashSet<>(jdbc.queryForList("""
                        SELECT from_node FROM rm_lineage_edge
                        WHERE to_node = ? AND kind = 'DEPLOYED_TO' AND since < ?
                          AND (ended_position IS NULL OR ended_position >= ?)
                        ORDER BY since""",
                String.class, deployment, position, position));
    }

    /** Ends the stints of versions that no longer serve, opens one for each version that starts serving. */
    private void serve(String deployment, Set<String> open, Set<String> serving, At at) {
        for (String version : open) {
            if (!serving.contains(version)) {
                jdbc.update("""
                        UPDATE rm_lineage_edge
                           SET valid_to = GREATEST(valid_from, ?), ended_position = ?, ended_event_id = ?,
                               ended_recorded_at = ?
                         WHERE from_node = ? AND to_node = ? AND kind = 'DEPLOYED_TO' AND since < ?
                           AND ended_position IS NULL""",
                        at.happened(), at.position(), at.eventId(), at.recorded(), version, deployment, at.position());
            }
        }
        for (String version : serving) {
            if (!open.contains(version)) {
                jdbc.update("""
                        INSERT INTO rm_lineage_edge (from_node, to_node, kind, since, position, event_id, recorded_at,
                                                     valid_from)
                        VALUES (?, ?, 'DEPLOYED_TO', ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""",
                        version, deployment, at.position(), at.position(), at.eventId(), at.recorded(), at.happened());
            }
        }
    }

    private String dataset(LineageBatch batch, DatasetName dataset, At at) {
        String id = LineageNodes.dataset(dataset);
        batch.node(id, "DATASET", dataset.value(), at.position(), at.recorded());
        return id;
    }

    /** A dataset version's node, with its dataset's node and the edge between them. */
    private String datasetVersion(LineageBatch batch, DatasetName dataset, VersionLabel version, At at) {
        String id = LineageNodes.datasetVersion(dataset, version);
        batch.node(id, "DATASET_VERSION", DatasetVersionKey.of(dataset, version).key(), at.position(), at.recorded());
        edge(batch, dataset(batch, dataset, at), id, "HAS_VERSION", at);
        return id;
    }

    /** The node an OpenLineage dataset names (its version's, or the dataset's without one), with its facets. */
    private String described(LineageBatch batch, LineageDataset dataset, At at) {
        String id = dataset.version() == null ? dataset(batch, dataset.dataset(), at)
                : datasetVersion(batch, dataset.dataset(), dataset.version(), at);
        batch.facets(batch.node(id, dataset.version() == null ? "DATASET" : "DATASET_VERSION", dataset.key(),
                at.position(), at.recorded()), dataset.facets(), at.position());
        return id;
    }

    private String job(LineageBatch batch, JobRef job, At at) {
        String id = LineageNodes.job(job);
        batch.node(id, "JOB", job.key(), at.position(), at.recorded());
        return id;
    }

    private void code(LineageBatch batch, CodeLocation code, String target, At at, OffsetDateTime happened) {
        if (code != null) {
            String commit = LineageNodes.commit(code);
            node(batch, commit, at);
            edge(batch, commit, target, "CODE_OF", at, happened);
        }
    }

    private static Node node(LineageBatch batch, String id, At at) {
        return batch.node(id, LineageKinds.ofId(id), LineageNodes.nameOf(id), at.position(), at.recorded());
    }

    private static void edge(LineageBatch batch, String from, String to, String kind, At at) {
        edge(batch, from, to, kind, at, at.happened());
    }

    private static void edge(LineageBatch batch, String from, String to, String kind, At at, OffsetDateTime happened) {
        batch.edge(from, to, kind, at.position(), at.eventId(), at.recorded(), happened);
    }

    private LineageBatch pending() {
        return BatchBuffer.of(PENDING, LineageBatch::new, batch -> batch.flush(jdbc, json));
    }

}
