package io.custody.command.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.command.api.AggregateTypes;
import io.custody.command.lineage.OpenLineageLookups.KnownRun;
import io.custody.commands.lineage.DescribeDataset;
import io.custody.commands.lineage.DescribeJob;
import io.custody.commands.lineage.RecordJobRunEvent;
import io.custody.events.lineage.JobRunEvent;
import io.custody.meta.Streams;
import io.custody.values.CodeLocation;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.JobRunReport;
import io.custody.values.JobRunState;
import io.custody.values.LineageDataset;
import io.custody.values.SchemaField;

import java.time.Instant;
import java.util.List;

/**
 * An OpenLineage event as {@link OpenLineageParser} read it: one of the spec's three types, each saying
 * itself what it is called, where it is stored and which command records it.
 */
sealed interface Parsed permits Parsed.ParsedRun, Parsed.ParsedJob, Parsed.ParsedDatasetEvent {

    Instant eventTime();

    String producer();

    /** The datasets it reads, or describes. */
    List<ParsedDataset> inputs();

    List<ParsedDataset> outputs();

    /** The run whose outputs it reports, which then name a version after it; null for a description. */
    JobRunId producingRun();

    /** The id a re-sent copy of the event has too, so it is recorded once. */
    String clientEventId();

    /** The stream of the event's own command. */
    String stream();

    /** How replies name its type: the run state, or JOB or DATASET. */
    String type();

    /** The command that records it, given its datasets resolved to versions. */
    Object command(List<LineageDataset> inputs, List<LineageDataset> outputs);

    /** The aggregate type owning its stream. */
    String aggregateType();

    /**
     * Its command and the events recording it, judged by its aggregate's rules ({@link LineageRules}) against
     * what {@code state} knows, which then knows them too; no events for a repeat.
     */
    Recorded record(List<LineageDataset> inputs, List<LineageDataset> outputs, LineageState state);

    /** A command and the events it records. */
    record Recorded(Object command, List<?> events) {
    }

    /** How a batch reply names an event: its stream and type, e.g. {@code jobrun:0190f8a2-… COMPLETE}. */
    default String key() {
        return stream() + " " + type();
    }

    /** A dataset named by an event, at {@code path} in it. */
    record ParsedDataset(String path, String namespace, String name, DatasetName dataset, String versionFacet,
                         JsonNode facets, JsonNode ioFacets, List<SchemaField> schema, Long rowCount,
                         String location) {
    }

    record ParsedRun(JobRunId run, JobRunState state, Instant eventTime, String producer, String schemaUrl,
                     JobRef job, JobRunId parentRun, JobRef parentJob, CodeLocation code, JsonNode runFacets,
                     JsonNode jobFacets, String errorMessage, List<ParsedDataset> inputs,
                     List<ParsedDataset> outputs) implements Parsed {

        public ParsedRun {
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
        }

        /** A report that {@code run} of {@code job} reached {@code state} at {@code eventTime}; the rest by name. */
        static Builder of(JobRunId run, JobRunState state, JobRef job, Instant eventTime) {
            Builder builder = new Builder();
            builder.run = run;
            builder.state = state;
            builder.job = job;
            builder.eventTime = eventTime;
            return builder;
        }

        @Override
        public JobRunId producingRun() {
            return run;
        }

        @Override
        public String clientEventId() {
            return "openlineage:" + run.value() + ":" + state + ":" + eventTime;
        }

        @Override
        public String stream() {
            return Streams.jobRun(run);
        }

        @Override
        public String type() {
            return state.name();
        }

        @Override
        public Object command(List<LineageDataset> inputs, List<LineageDataset> outputs) {
            JobRunReport report = new JobRunReport(job, state, eventTime, producer, schemaUrl, parentRun, parentJob,
                    code, runFacets, jobFacets);
            return new RecordJobRunEvent(run, report, errorMessage, inputs, outputs);
        }

        @Override
        public String aggregateType() {
            return AggregateTypes.JOB_RUN;
        }

        @Override
        public Recorded record(List<LineageDataset> inputs, List<LineageDataset> outputs, LineageState lineage) {
            RecordJobRunEvent command = (RecordJobRunEvent) command(inputs, outputs);
            KnownRun known = lineage.run(run);
            // A report's key is its client event id's: recorded before means reported before.
            List<JobRunEvent> events = LineageRules.recordRun(command, known == null ? null : known.job(),
                    known == null ? null : known.ending(), lineage.recordedType(clientEventId()) != null);
            if (!events.isEmpty()) {
                lineage.reported(run, job, state);
            }
            return new Recorded(command, events);
        }

        /** The optional parts of a run report by name; those not set stay null (or no datasets). */
        static final class Builder {

            private JobRunId run;
            private JobRunState state;
            private JobRef job;
            private Instant eventTime;
            private String producer;
            private String schemaUrl;
            private JobRunId parentRun;
            private JobRef parentJob;
            private CodeLocation code;
            private JsonNode runFacets;
            private JsonNode jobFacets;
            private String errorMessage;
            private List<ParsedDataset> inputs = List.of();
            private List<ParsedDataset> outputs = List.of();

            private Builder() {
            }

            Builder producer(String value) {
                producer = value;
                return this;
            }

            Builder schemaUrl(String value) {
                schemaUrl = value;
                return this;
            }

            /** The run that started this one, and its job: both or neither, as the parent facet has them. */
            Builder parent(JobRunId value, JobRef valueJob) {
                parentRun = value;
                parentJob = valueJob;
                return this;
            }

            Builder code(CodeLocation value) {
                code = value;
                return this;
            }

            Builder runFacets(JsonNode value) {
                runFacets = value;
                return this;
            }

            Builder jobFacets(JsonNode value) {
                jobFacets = value;
                return this;
            }

            Builder errorMessage(String value) {
                errorMessage = value;
                return this;
            }

            Builder inputs(List<ParsedDataset> value) {
                inputs = value;
                return this;
            }

            Builder outputs(List<ParsedDataset> value) {
                outputs = value;
                return this;
            }

            ParsedRun build() {
                return new ParsedRun(run, state, eventTime, producer, schemaUrl, job, parentRun, parentJob, code,
                        runFacets, jobFacets, errorMessage, inputs, outputs);
            }
        }
    }

    record ParsedJob(JobRef job, Instant eventTime, String producer, CodeLocation code, JsonNode jobFacets,
                     List<ParsedDataset> inputs, List<ParsedDataset> outputs) implements Parsed {

        @Override
        public JobRunId producingRun() {
            return null;
        }

        @Override
        public String clientEventId() {
            return "openlineage:job:" + ContentDigest.sha256Hex(job.key() + "|" + eventTime);
        }

        @Override
        public String stream() {
            return Streams.job(job);
        }

        @Override
        public String type() {
            return "JOB";
        }

        @Override
        public Object command(List<LineageDataset> inputs, List<LineageDataset> outputs) {
            return new DescribeJob(job, eventTime, producer, code, jobFacets, inputs, outputs);
        }

        @Override
        public String aggregateType() {
            return AggregateTypes.JOB;
        }

        @Override
        public Recorded record(List<LineageDataset> inputs, List<LineageDataset> outputs, LineageState state) {
            DescribeJob command = (DescribeJob) command(inputs, outputs);
            // A description's time is its client event id's: recorded before means described before.
            return new Recorded(command, LineageRules.describeJob(command,
                    state.recordedType(clientEventId()) != null).stream().toList());
        }
    }

    record ParsedDatasetEvent(ParsedDataset dataset, Instant eventTime, String producer) implements Parsed {

        @Override
        public List<ParsedDataset> inputs() {
            return List.of(dataset);
        }

        @Override
        public List<ParsedDataset> outputs() {
            return List.of();
        }

        @Override
        public JobRunId producingRun() {
            return null;
        }

        @Override
        public String clientEventId() {
            return "openlineage:dataset:" + ContentDigest.sha256Hex(dataset.dataset().value() + "|"
                    + dataset.versionFacet() + "|" + eventTime);
        }

        @Override
        public String stream() {
            return Streams.observedDataset(dataset.dataset());
        }

        @Override
        public String type() {
            return "DATASET";
        }

        @Override
        public Object command(List<LineageDataset> inputs, List<LineageDataset> outputs) {
            return new DescribeDataset(inputs.get(0), eventTime, producer);
        }

        @Override
        public String aggregateType() {
            return AggregateTypes.OBSERVED_DATASET;
        }

        @Override
        public Recorded record(List<LineageDataset> inputs, List<LineageDataset> outputs, LineageState state) {
            DescribeDataset command = (DescribeDataset) command(inputs, outputs);
            // Its version (from the version facet) and time are its client event id's.
            return new Recorded(command, LineageRules.describeDataset(command,
                    state.recordedType(clientEventId()) != null).stream().toList());
        }
    }
}
