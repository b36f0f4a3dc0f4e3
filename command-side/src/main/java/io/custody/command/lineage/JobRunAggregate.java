package io.custody.command.lineage;

import io.custody.command.api.AggregateCache;
import io.custody.command.api.AggregateTypes;
import io.custody.command.api.StreamLocks;
import io.custody.command.api.StreamTargetResolver;
import io.custody.commands.lineage.RecordJobRunEvent;
import io.custody.events.lineage.JobRunAborted;
import io.custody.events.lineage.JobRunCompleted;
import io.custody.events.lineage.JobRunEvent;
import io.custody.events.lineage.JobRunFailed;
import io.custody.events.lineage.JobRunStarted;
import io.custody.events.lineage.JobRunUpdated;
import io.custody.meta.Streams;
import io.custody.values.JobRef;
import io.custody.values.JobRunReport;
import io.custody.values.JobRunState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;


/**
 * One OpenLineage job run, as its emitter reported it. Reports may arrive in any order (a COMPLETE
 * before its START) and more than once; each new report is recorded with the time the emitter gave it.
 * The run belongs to one job, and it ends one way: once COMPLETE, FAIL or ABORT is recorded, a report of
 * another ending is a conflict, while a late START or RUNNING is still recorded and changes nothing.
 */
@Aggregate(type = AggregateTypes.JOB_RUN, cache = AggregateCache.BEAN,
        lockFactory = StreamLocks.BEAN, commandTargetResolver = StreamTargetResolver.BEAN)
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
        List<JobRunEvent> events = LineageRules.recordRun(command, job, ending,
                reported.contains(LineageRules.reportKey(command.report())));
        events.forEach(AggregateLifecycle::apply);
        return !events.isEmpty();
    }

    @EventSourcingHandler
    void on(JobRunEvent event) {
        streamId = Streams.jobRun(event.run());
        JobRunReport report = reportOf(event);
        if (report == null) {
            return;
        }
        job = report.job();
        reported.add(LineageRules.reportKey(report));
        ending = LineageRules.ending(ending, report.state());
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
