package io.custody.command.lineage;

import io.custody.commands.lineage.DescribeDataset;
import io.custody.commands.lineage.DescribeJob;
import io.custody.commands.lineage.RecordJobRunEvent;
import io.custody.errors.CustodyException;
import io.custody.events.lineage.DatasetDescribed;
import io.custody.events.lineage.JobDescribed;
import io.custody.events.lineage.JobRunAborted;
import io.custody.events.lineage.JobRunCompleted;
import io.custody.events.lineage.JobRunEvent;
import io.custody.events.lineage.JobRunFailed;
import io.custody.events.lineage.JobRunStarted;
import io.custody.events.lineage.JobRunUpdated;
import io.custody.events.lineage.LineageRecorded;
import io.custody.values.JobRef;
import io.custody.values.JobRunReport;
import io.custody.values.JobRunState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of the OpenLineage aggregates as pure functions of what is known of their stream: the
 * aggregates judge by them with their own state, and {@link LineagePlanner} with the state the lookup tables
 * give for a whole chunk of events, so both decide alike. Each answers the events to record, none for a
 * repeat.
 */
final class LineageRules {

    private LineageRules() {
    }

    /**
     * A run report: a run belongs to one job and ends one way; a report it has already recorded (the same
     * state at the same time) is a repeat. A late START or RUNNING after the ending is still recorded.
     *
     * @param job      the run's job, null for a run with no report yet
     * @param ending   how it ended, null while it has not
     * @param reported whether this report (its {@link #reportKey}) was recorded before
     */
    static List<JobRunEvent> recordRun(RecordJobRunEvent command, JobRef job, JobRunState ending, boolean reported) {
        JobRunReport report = command.report();
        if (job != null && !job.equals(report.job())) {
            throw CustodyException.conflict("$.job", "run " + command.run() + " is a run of job " + job
                    + ", not of " + report.job() + "; a run id names one run of one job");
        }
        if (reported) {
            return List.of();
        }
        if (report.state().terminal() && ending != null && ending != report.state()) {
            throw CustodyException.conflict("$.eventType", "run " + command.run() + " already ended with " + ending
                    + "; it cannot also end with " + report.state());
        }
        List<JobRunEvent> events = new ArrayList<>(2);
        events.add(switch (report.state()) {
            case START -> new JobRunStarted(command.run(), report);
            case COMPLETE -> new JobRunCompleted(command.run(), report);
            case FAIL -> new JobRunFailed(command.run(), report, command.errorMessage());
            case ABORT -> new JobRunAborted(command.run(), report);
            case RUNNING, OTHER -> new JobRunUpdated(command.run(), report);
        });
        if (!command.inputs().isEmpty() || !command.outputs().isEmpty()) {
            events.add(new LineageRecorded(command.run(), report.job(), report.eventTime(), command.inputs(),
                    command.outputs()));
        }
        return events;
    }

    /** How a run ends once {@code state} is reported: its first ending stays. */
    static JobRunState ending(JobRunState ending, JobRunState state) {
        return ending == null && state.terminal() ? state : ending;
    }

    /** The same state at the same time is the same report, whatever else a re-sent copy carries. */
    static String reportKey(JobRunReport report) {
        return report.state() + "@" + report.eventTime();
    }

    /** A job description; one with the time of an earlier one ({@code described}) is a repeat. */
    static Optional<JobDescribed> describeJob(DescribeJob command, boolean described) {
        return described ? Optional.empty() : Optional.of(new JobDescribed(command.job(), command.eventTime(),
                command.producer(), command.code(), command.jobFacets(), command.inputs(), command.outputs()));
    }

    /** A dataset description; one with the version and time of an earlier one ({@code described}) is a repeat. */
    static Optional<DatasetDescribed> describeDataset(DescribeDataset command, boolean described) {
        return described ? Optional.empty() : Optional.of(new DatasetDescribed(command.dataset().dataset(),
                command.dataset(), command.eventTime(), command.producer()));
    }

    /** How a dataset description is told from others of its dataset: its version and time. */
    static String descriptionKey(DescribeDataset command) {
        return command.dataset().key() + "@" + command.eventTime();
    }
}
