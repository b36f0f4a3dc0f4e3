package io.custody.command.lineage;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.lineage.RecordJobRunEvent;
import io.custody.errors.CustodyException;
import io.custody.events.lineage.JobRunAborted;
import io.custody.events.lineage.JobRunCompleted;
import io.custody.events.lineage.JobRunEvent;
import io.custody.events.lineage.JobRunFailed;
import io.custody.events.lineage.JobRunStarted;
import io.custody.events.lineage.JobRunUpdated;
import io.custody.events.lineage.LineageRecorded;
import io.custody.meta.Streams;
import io.custody.values.JobRef;
import io.custody.values.JobRunReport;
import io.custody.values.JobRunState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One OpenLineage job run, as its emitter reported it. Reports may arrive in any order (a COMPLETE
 * before its START) and more than once; each new report is recorded with the time the emitter gave it.
 * The run belongs to one job, and it ends one way: once COMPLETE, FAIL or ABORT is recorded, a report of
 * another ending is a conflict, while a late START or RUNNING is still recorded and changes nothing.
 */
@Aggregate(type = "JobRun", cache = AggregateCache.BEAN,
        commandTargetResolver = StreamTargetResolver.BEAN)
class JobRunAggregate {

    @AggregateIdentifier
    private String streamId;
    private JobRef job;
    private JobRunState ending;
    private final Set<String> reported = new HashSet<>();

    JobRunAggregate() {
        // Axon rebuilds the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordJobRunEvent command) {
        JobRunReport report = command.report();
        if (job != null && !job.equals(report.job())) {
            throw CustodyException.conflict("$.job", "run " + command.run() + " is a run of job " + job
                    + ", not of " + report.job() + "; a run id names one run of one job");
        }
        if (reported.contains(key(report))) {
            return false;
        }
        if (report.state().terminal() && ending != null && ending != report.state()) {
            throw CustodyException.conflict("$.eventType", "run " + command.run() + " already ended with " + ending
                    + "; it cannot also end with " + report.state());
        }
        apply(switch (report.state()) {
            case START -> new JobRunStarted(command.run(), report);
            case COMPLETE -> new JobRunCompleted(command.run(), report);
            case FAIL -> new JobRunFailed(command.run(), report, command.errorMessage());
            case ABORT -> new JobRunAborted(command.run(), report);
            case RUNNING, OTHER -> new JobRunUpdated(command.run(), report);
        });
        if (!command.inputs().isEmpty() || !command.outputs().isEmpty()) {
            apply(new LineageRecorded(command.run(), report.job(), report.eventTime(), command.inputs(),
                    command.outputs()));
        }
        return true;
    }

    /** The same state at the same time is the same report, whatever else a re-sent copy carries. */
    private static String key(JobRunReport report) {
        return report.state() + "@" + report.eventTime();
    }

    @EventSourcingHandler
    void on(JobRunEvent event) {
        streamId = Streams.jobRun(event.run());
        JobRunReport report = reportOf(event);
        if (report == null) {
            return;
        }
        job = report.job();
        reported.add(key(report));
        if (report.state().terminal() && ending == null) {
            ending = report.state();
        }
    }

    private static JobRunReport reportOf(JobRunEvent event) {
        if (event instanceof JobRunStarted e) {
            return e.report();
        } else if (event instanceof JobRunUpdated e) {
            return e.report();
        } else if (event instanceof JobRunCompleted e) {
            return e.report();
        } else if (event instanceof JobRunFailed e) {
            return e.report();
        } else if (event instanceof JobRunAborted e) {
            return e.report();
        }
        return null;
    }
}
