package io.custody.command.lookup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.dataset.DatasetDeprecated;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.events.lineage.JobRunAborted;
import io.custody.events.lineage.JobRunCompleted;
import io.custody.events.lineage.JobRunFailed;
import io.custody.events.lineage.JobRunStarted;
import io.custody.events.lineage.JobRunUpdated;
import io.custody.events.model.ModelRegistered;
import io.custody.events.model.ModelVersionApproved;
import io.custody.events.model.ModelVersionArchived;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.model.RegisteredModelDeleted;
import io.custody.events.model.RegisteredModelRenamed;
import io.custody.events.model.ValidationRecorded;
import io.custody.events.run.RunCodeRecorded;
import io.custody.events.run.RunCompleted;
import io.custody.events.run.RunFailed;
import io.custody.events.run.RunInputsLogged;
import io.custody.events.run.RunStarted;
import io.custody.meta.Metadata;
import io.custody.values.DatasetVersionKey;
import io.custody.values.Environment;
import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Keeps the command-side lookup tables ({@code cs_*}) that {@link JdbcCommandLookups} answers from.
 * The group runs as a subscribing processor (application.yml), so these writes happen while the
 * events are appended, in the same transaction: when a command commits, the facts it created are
 * visible to the next command, and when it rolls back, so do they. Every write is an upsert or a
 * guarded update, so applying an event twice changes nothing.
 */
@Component
@ProcessingGroup(LookupProjection.GROUP)
public class LookupProjection {

    public static final String GROUP = "command-lookups";

    private final JdbcTemplate jdbc;
    private final LookupWrites writes;
    private final ObjectMapper json;

    LookupProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.writes = new LookupWrites(jdbc);
        this.json = json;
    }

    @EventHandler
    void on(DatasetRegistered event) {
        writes.later("INSERT INTO cs_dataset (dataset, tags) VALUES (?, ?::jsonb) ON CONFLICT (dataset) DO NOTHING",
                event.dataset().value(), event.dataset().value(), write(event.tags()));
    }

    @EventHandler
    void on(DatasetDeprecated event) {
        writes.now("UPDATE cs_dataset SET deprecated = TRUE WHERE dataset = ?", event.dataset().value());
    }

    @EventHandler
    void on(DatasetVersionRegistered event) {
        writes.later("""
                INSERT INTO cs_dataset_version (dataset, version, digest, tags) VALUES (?, ?, ?, ?::jsonb)
                ON CONFLICT (dataset, version) DO NOTHING""",
                DatasetVersionKey.of(event.dataset(), event.version()), event.dataset().value(), event.version().value(),
                event.digest().value(), write(event.tags()));
    }

    @EventHandler
    void on(DatasetVersionQuarantined event) {
        writes.now("UPDATE cs_dataset_version SET quarantined = TRUE WHERE dataset = ? AND version = ?",
                event.dataset().value(), event.version().value());
    }

    @EventHandler
    void on(JobRunStarted event) {
        reported(event.run(), event.report());
    }

    @EventHandler
    void on(JobRunUpdated event) {
        reported(event.run(), event.report());
    }

    @EventHandler
    void on(JobRunCompleted event) {
        reported(event.run(), event.report());
    }

    @EventHandler
    void on(JobRunFailed event) {
        reported(event.run(), event.report());
    }

    @EventHandler
    void on(JobRunAborted event) {
        reported(event.run(), event.report());
    }

    /**
     * A run's job, and its first ending. The write waits for the end of the unit of work (one statement for a
     * whole chunk of reports). An ending is one upsert, not an insert and then an update per report: keyed by
     * run, as a run's endings in one unit of work are all alike (a second ending is refused).
     */
    private void reported(JobRunId run, JobRunReport report) {
        if (report.state().terminal()) {
            writes.later("INSERT INTO cs_job_run AS j (run, job_namespace, job_name, ending) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (run) DO UPDATE SET ending = EXCLUDED.ending WHERE j.ending IS NULL", run.value(),
                    run.value(), report.job().namespace(), report.job().name(), report.state().name());
        } else {
            writes.later("INSERT INTO cs_job_run (run, job_namespace, job_name) VALUES (?, ?, ?) "
                    + "ON CONFLICT (run) DO NOTHING", run.value(), run.value(), report.job().namespace(),
                    report.job().name());
        }
    }

    /**
     * A run whose code is unknown counts as dirty: nothing proves the commit reproduces it. The
     * authenticated actor who started it is kept beside {@code startedBy}, which the caller may set.
     */
    @EventHandler
    void on(RunStarted event, @MetaDataValue(Metadata.ACTOR) String actor) {
        writes.now("""
                INSERT INTO cs_run (run_id, status, started_by, started_by_actor, dirty, inputs)
                VALUES (?, 'RUNNING', ?, ?, ?, ?::jsonb)
                ON CONFLICT (run_id) DO NOTHING""",
                event.run().value(), event.startedBy(), actor, event.code() == null || event.code().dirty(),
                write(event.inputs()));
    }

    /** A run started without code (an MLflow run) counted as dirty until its code is recorded. */
    @EventHandler
    void on(RunCodeRecorded event) {
        writes.now("UPDATE cs_run SET dirty = ? WHERE run_id = ?", event.code().dirty(), event.run().value());
    }

    /** Inputs logged after the start join the ones the run started with; the rules read them all. */
    @EventHandler
    void on(RunInputsLogged event) {
        writes.now("UPDATE cs_run SET inputs = inputs || ?::jsonb WHERE run_id = ? AND NOT inputs @> ?::jsonb",
                write(event.inputs()), event.run().value(), write(event.inputs()));
    }

    @EventHandler
    void on(RunCompleted event) {
        writes.now("UPDATE cs_run SET status = 'COMPLETED' WHERE run_id = ?", event.run().value());
    }

    @EventHandler
    void on(RunFailed event) {
        writes.now("UPDATE cs_run SET status = 'FAILED' WHERE run_id = ?", event.run().value());
    }

    @EventHandler
    void on(ModelRegistered event) {
        writes.now("INSERT INTO cs_model (model, domain, risk_tier) VALUES (?, ?, ?) ON CONFLICT (model) DO NOTHING",
                event.model().value(), event.domain(), event.riskTier() == null ? null : event.riskTier().name());
    }

    @EventHandler
    void on(ModelVersionRegistered event) {
        // An unknown run leaves provenance unknown: dirty = true so the production gate fails closed.
        writes.now("""
                INSERT INTO cs_model_version (model, version, run_id, artifact_digest, trained_by, dirty, inputs)
                SELECT ?, ?, v.run_id, ?, r.started_by, COALESCE(r.dirty, TRUE), COALESCE(r.inputs, '[]'::jsonb)
                FROM (VALUES (CAST(? AS VARCHAR))) AS v (run_id) LEFT JOIN cs_run r ON r.run_id = v.run_id
                ON CONFLICT (model, version) DO NOTHING""",
                event.model().value(), event.version(),
                event.artifactDigest() == null ? null : event.artifactDigest().value(), event.run().value());
    }

    @EventHandler
    void on(ValidationRecorded event) {
        writes.now("""
                UPDATE cs_model_version SET last_validation_passed = ?, last_validation_metrics = ?::jsonb
                WHERE model = ? AND version = ?""",
                event.passed(), write(event.metrics()), event.model().value(), event.version());
    }

    @EventHandler
    void on(ModelVersionApproved event) {
        writes.now("""
                UPDATE cs_model_version SET approvers = array_append(approvers, CAST(? AS TEXT))
                WHERE model = ? AND version = ? AND NOT (CAST(? AS TEXT) = ANY (approvers))""",
                event.approver(), event.model().value(), event.version(), event.approver());
        writes.now("""
                INSERT INTO cs_model_approval (model, version, approver, role, held_roles) VALUES (?, ?, ?, ?, ?::jsonb)
                ON CONFLICT DO NOTHING""",
                event.model().value(), event.version(), event.approver(), event.role(), write(event.approverRoles()));
    }

    @EventHandler
    void on(RegisteredModelDeleted event) {
        writes.now("UPDATE cs_model SET deleted = TRUE WHERE model = ?", event.model().value());
    }

    /** Renamed back to its own name, the model needs no MLflow name of its own. */
    @EventHandler
    void on(RegisteredModelRenamed event) {
        writes.now("UPDATE cs_model SET mlflow_name = NULLIF(CAST(? AS TEXT), model) WHERE model = ?",
                event.name().value(), event.model().value());
    }

    @EventHandler
    void on(ModelVersionArchived event) {
        writes.now("UPDATE cs_model_version SET archived = TRUE WHERE model = ? AND version = ?",
                event.model().value(), event.version());
    }

    @EventHandler
    void on(ModelVersionDeployed event, @SequenceNumber Long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(value = Metadata.EVENT_TIME, required = false) String eventTime) {
        OffsetDateTime at = liveFrom(eventTime, recordedAt);
        if (event.canaryShare() == null) {
            // A primary deployment ends every other live version, canaries included.
            becomePrimary(event.environment(), event.service(), event.modelVersion(), sequence, at);
        } else {
            closeOpen(event.environment(), event.service(), "AND canary", sequence, at);
            open(event.environment(), event.service(), event.modelVersion(), true, event.canaryShare(), sequence, at);
        }
    }

    @EventHandler
    void on(DeploymentRolledBack event, @SequenceNumber Long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(value = Metadata.EVENT_TIME, required = false) String eventTime) {
        becomePrimary(event.environment(), event.service(), event.to(), sequence, liveFrom(eventTime, recordedAt));
    }

    @EventHandler
    void on(ModelUndeployed event, @SequenceNumber Long sequence, @Timestamp Instant recordedAt,
            @MetaDataValue(value = Metadata.EVENT_TIME, required = false) String eventTime) {
        closeOpen(event.environment(), event.service(), "", sequence, liveFrom(eventTime, recordedAt));
    }

    /** Closes every open interval but this version's primary one, and opens that one if it is not open yet. */
    private void becomePrimary(Environment environment, ServiceName service, ModelVersionRef primary, long sequence,
                               OffsetDateTime at) {
        writes.now("""
                UPDATE cs_deployment_interval SET to_time = GREATEST(from_time, ?), closed_seq = ?
                WHERE environment = ? AND service = ? AND to_time IS NULL AND opened_seq < ?
                  AND NOT (NOT canary AND model = ? AND version = ?)""",
                at, sequence, environment.value(), service.value(), sequence,
                primary.model().value(), primary.version());
        Integer open = jdbc.queryForObject("""
                SELECT count(*) FROM cs_deployment_interval
                WHERE environment = ? AND service = ? AND to_time IS NULL AND NOT canary AND model = ? AND version = ?""",
                Integer.class, environment.value(), service.value(), primary.model().value(), primary.version());
        if (open == null || open == 0) {
            open(environment, service, primary, false, null, sequence, at);
        }
    }

    private void open(Environment environment, ServiceName service, ModelVersionRef version, boolean canary,
                      Double share, long sequence, OffsetDateTime at) {
        writes.now("""
                INSERT INTO cs_deployment_interval (environment, service, opened_seq, model, version, canary, share,
                                                    from_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (environment, service, opened_seq) DO NOTHING""",
                environment.value(), service.value(), sequence, version.model().value(), version.version(), canary,
                share, at);
    }

    /**
     * Closes open intervals opened by earlier events only, so that re-applying an old event cannot end
     * what a later one started. A close never precedes the open, even if an emitter's clock says so.
     */
    private void closeOpen(Environment environment, ServiceName service, String andCondition, long sequence,
                           OffsetDateTime at) {
        writes.now("UPDATE cs_deployment_interval SET to_time = GREATEST(from_time, ?), closed_seq = ? "
                        + "WHERE environment = ? AND service = ? AND to_time IS NULL AND opened_seq < ? " + andCondition,
                at, sequence, environment.value(), service.value(), sequence);
    }

    /**
     * When the change took effect: the emitter's time when it reported one, else the recorded time.
     * The emitter's time is a claim validated at the API; one that does not parse cannot define
     * liveness, so the recorded time stands in.
     */
    static OffsetDateTime liveFrom(String eventTime, Instant recordedAt) {
        if (eventTime != null && !eventTime.isBlank()) {
            try {
                return OffsetDateTime.parse(eventTime).withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // Falls through to the recorded time, see above.
            }
        }
        return recordedAt.atOffset(ZoneOffset.UTC);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise lookup facts", e);
        }
    }
}
