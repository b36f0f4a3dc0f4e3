package io.custody.command.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.AggregateTypes;
import io.custody.command.lineage.LineagePlanner.Facts;
import io.custody.command.lineage.LineagePlanner.Plan;
import io.custody.command.lineage.LineagePlanner.PlannedEvent;
import io.custody.command.lineage.LineagePlanner.Status;
import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.command.lineage.OpenLineageLookups.KnownRun;
import io.custody.commands.lineage.RecordJobRunEvent;
import io.custody.errors.ErrorCode;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.lineage.DatasetDescribed;
import io.custody.events.lineage.JobDescribed;
import io.custody.events.lineage.JobRunCompleted;
import io.custody.events.lineage.JobRunStarted;
import io.custody.events.lineage.LineageRecorded;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.JobRunState;
import io.custody.values.LineageDataset;
import io.custody.values.VersionLabel;
import io.custody.values.VersionSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LineagePlannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCER = "0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4d";
    private static final String CONSUMER = "0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4e";
    private static final DatasetName RAW = new DatasetName("s3://lake/raw/applications");
    private static final DatasetName FEATURES = new DatasetName("s3://lake/features/applications");
    private static final String T0 = "2026-01-15T09:00:00Z";
    private static final String T1 = "2026-01-15T09:05:00Z";

    static Parsed run(String state, String runId, String time, String job, String inputs, String outputs)
            throws Exception {
        return OpenLineageParser.parse(JSON.readTree("""
                {"eventType": "%s", "eventTime": "%s", "producer": "https://example.com/x",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow", "name": "%s"},
                 "inputs": [%s], "outputs": [%s]}""".formatted(state, time, runId, job, inputs, outputs)));
    }

    private static Parsed run(String runId, String job, String inputs, String outputs) throws Exception {
        return run("COMPLETE", runId, T0, job, inputs, outputs);
    }

    static String dataset(String name) {
        return "{\"namespace\": \"s3://lake\", \"name\": \"" + name + "\"}";
    }

    static Facts nothingKnown() {
        return new Facts(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    static Facts knownRun(String runId, String job, JobRunState ending) {
        return new Facts(Map.of(), Map.of(), Map.of(JobRunId.of(runId), new KnownRun(new JobRef("airflow", job),
                ending)), Map.of(), Map.of("jobrun:" + runId, 1L));
    }

    static List<Object> payloads(Plan plan) {
        return plan.events().stream().map(PlannedEvent::payload).toList();
    }

    @Test
    void a_new_output_of_a_run_is_registered_as_a_version_named_after_the_run() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications"))),
                nothingKnown());

        assertThat(payloads(plan)).hasExactlyElementsOfTypes(DatasetRegistered.class,
                DatasetVersionRegistered.class, JobRunCompleted.class, LineageRecorded.class);
        DatasetVersionRegistered version = (DatasetVersionRegistered) payloads(plan).get(1);
        assertThat(version.version()).isEqualTo(VersionLabel.of("run-" + PRODUCER));
        assertThat(version.producedByRun()).isEqualTo("jobRun:" + PRODUCER);
        assertThat(version.digest()).isEqualTo(VersionLabelling.derivedDigest(FEATURES, version.version()));
        LineageDataset output = ((LineageRecorded) payloads(plan).get(3)).outputs().get(0);
        assertThat(output.version()).isEqualTo(version.version());
        assertThat(output.versionSource()).isEqualTo(VersionSource.PRODUCING_RUN);
        assertThat(plan.outcomes().get(0).status()).isEqualTo(Status.STORED);
        assertThat(plan.outcomes().get(0).claim()).isEqualTo(RecordJobRunEvent.class.getName());
        assertThat(plan.outcomes().get(0).registered()).containsExactly("dataset " + FEATURES,
                "dataset version " + FEATURES + "@run-" + PRODUCER);
    }

    @Test
    void each_event_is_stored_under_its_aggregate_type_at_the_next_sequence_numbers_of_its_stream()
            throws Exception {
        Facts facts = new Facts(Map.of(), Map.of(), Map.of(), Map.of(), Map.of("dataset:" + FEATURES, 4L));
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications"))),
                new Facts(Map.of(FEATURES, new KnownDataset(false, null)), Map.of(), Map.of(), Map.of(),
                        facts.heads()));

        assertThat(plan.events()).extracting(PlannedEvent::type, PlannedEvent::stream, PlannedEvent::sequence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AggregateTypes.DATASET, "dataset:" + FEATURES, 5L),
                        org.assertj.core.groups.Tuple.tuple(AggregateTypes.JOB_RUN, "jobrun:" + PRODUCER, 0L),
                        org.assertj.core.groups.Tuple.tuple(AggregateTypes.JOB_RUN, "jobrun:" + PRODUCER, 1L));
        assertThat(plan.events()).extracting(PlannedEvent::main).containsExactly(false, true, true);
        assertThat(plan.events().get(1).command()).isEqualTo(plan.events().get(2).command());
    }

    @Test
    void a_report_without_datasets_records_no_lineage() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run("START", PRODUCER, T0, "build", "", "")), nothingKnown());

        assertThat(payloads(plan)).hasExactlyElementsOfTypes(JobRunStarted.class);
    }

    @Test
    void an_input_without_version_is_the_newest_known_version_with_its_known_digest() throws Exception {
        String digest = "sha256:" + "a".repeat(64);
        Facts facts = new Facts(Map.of(RAW, new KnownDataset(false, "v7")),
                Map.of(DatasetVersionKey.of(RAW, VersionLabel.of("v7")), digest), Map.of(), Map.of(), Map.of());
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "train", dataset("raw/applications"), "")), facts);

        assertThat(payloads(plan)).hasExactlyElementsOfTypes(JobRunCompleted.class, LineageRecorded.class);
        LineageDataset input = ((LineageRecorded) payloads(plan).get(1)).inputs().get(0);
        assertThat(input.version()).isEqualTo(VersionLabel.of("v7"));
        assertThat(input.versionSource()).isEqualTo(VersionSource.NEWEST_KNOWN);
        assertThat(input.digest().value()).isEqualTo(digest);
    }

    @Test
    void a_later_event_of_a_chunk_reads_the_version_an_earlier_one_writes() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications")),
                run(CONSUMER, "train", dataset("features/applications"), "")), nothingKnown());

        assertThat(plan.outcomes().get(1).registered()).isEmpty();
        LineageDataset input = plan.events().stream().filter(e -> e.event() == 1)
                .map(PlannedEvent::payload).filter(LineageRecorded.class::isInstance).map(LineageRecorded.class::cast)
                .findFirst().orElseThrow().inputs().get(0);
        assertThat(input.version()).isEqualTo(VersionLabel.of("run-" + PRODUCER));
    }

    @Test
    void a_deprecated_dataset_takes_no_new_version_but_the_lineage_still_names_it() throws Exception {
        Facts facts = new Facts(Map.of(FEATURES, new KnownDataset(true, null)), Map.of(), Map.of(), Map.of(),
                Map.of());
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications"))), facts);

        assertThat(payloads(plan)).hasExactlyElementsOfTypes(JobRunCompleted.class, LineageRecorded.class);
        assertThat(((LineageRecorded) payloads(plan).get(1)).outputs().get(0).version())
                .isEqualTo(VersionLabel.of("run-" + PRODUCER));
    }

    @Test
    void a_job_description_names_no_version_without_a_version_facet() throws Exception {
        Parsed job = OpenLineageParser.parse(JSON.readTree("""
                {"eventTime": "2026-01-15T09:00:00Z", "producer": "x", "job": {"namespace": "dbt", "name": "f"},
                 "inputs": [%s]}""".formatted(dataset("raw/applications"))));
        Plan plan = LineagePlanner.plan(List.of(job), nothingKnown());

        assertThat(payloads(plan)).hasExactlyElementsOfTypes(DatasetRegistered.class, JobDescribed.class);
        assertThat(((JobDescribed) payloads(plan).get(1)).inputs().get(0).version()).isNull();
        assertThat(plan.events().get(1).type()).isEqualTo(AggregateTypes.JOB);
    }

    @Test
    void a_dataset_event_is_described_beside_the_dataset() throws Exception {
        Parsed described = OpenLineageParser.parse(JSON.readTree("""
                {"eventTime": "2026-01-15T09:00:00Z", "producer": "x", "dataset": %s}"""
                .formatted(dataset("raw/applications"))));
        Plan plan = LineagePlanner.plan(List.of(described), nothingKnown());

        assertThat(payloads(plan)).hasExactlyElementsOfTypes(DatasetRegistered.class, DatasetDescribed.class);
        assertThat(plan.events().get(1).type()).isEqualTo(AggregateTypes.OBSERVED_DATASET);
    }

    @Test
    void every_event_is_planned_in_stream_order_whichever_event_needs_it() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("z/last")),
                run(CONSUMER, "train", "", dataset("a/first"))), nothingKnown());

        List<String> streams = plan.events().stream().map(PlannedEvent::stream).toList();
        assertThat(streams).isSorted();
        assertThat(plan.events()).filteredOn(PlannedEvent::main).extracting(PlannedEvent::event)
                .containsExactly(0, 0, 1, 1);
    }

    @Test
    void the_versions_to_look_up_are_those_the_events_name() throws Exception {
        List<DatasetVersionKey> keys = LineagePlanner.versionsToLookUp(List.of(run(PRODUCER, "build",
                dataset("raw/applications"), dataset("features/applications"))), Map.of());

        assertThat(keys).extracting(DatasetVersionKey::key).containsExactly(RAW + "@unversioned",
                FEATURES + "@run-" + PRODUCER);
    }

    @Test
    void planning_leaves_the_facts_it_was_given_as_they_were() throws Exception {
        Map<DatasetName, KnownDataset> known = new HashMap<>();
        Map<DatasetVersionKey, String> digests = new HashMap<>();
        Map<JobRunId, KnownRun> runs = new HashMap<>();
        Map<String, String> recorded = new HashMap<>();
        LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications"))),
                new Facts(known, digests, runs, recorded, Map.of()));

        assertThat(known).isEmpty();
        assertThat(digests).isEmpty();
        assertThat(runs).isEmpty();
        assertThat(recorded).isEmpty();
    }

    @Test
    void a_version_facet_that_is_no_label_is_hashed_into_one() throws Exception {
        Parsed event = run(PRODUCER, "build", "{\"namespace\": \"s3://lake\", \"name\": \"raw/applications\", "
                + "\"facets\": {\"version\": {\"datasetVersion\": \"a b/c\"}}}", "");
        VersionLabelling.Label label = VersionLabelling.label(event.inputs().get(0), null, event.producingRun(), false);

        assertThat(label.source()).isEqualTo(VersionSource.FACET_HASHED);
        assertThat(label.version().value()).startsWith("olv-");
    }

    @Test
    void an_event_recorded_before_is_a_duplicate_and_claims_nothing() throws Exception {
        Parsed event = run(PRODUCER, "build", "", dataset("features/applications"));
        Plan plan = LineagePlanner.plan(List.of(event), new Facts(Map.of(), Map.of(), Map.of(),
                Map.of(event.clientEventId(), RecordJobRunEvent.class.getName()), Map.of()));

        assertThat(plan.outcomes().get(0).status()).isEqualTo(Status.DUPLICATE);
        assertThat(plan.outcomes().get(0).claim()).isNull();
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void a_client_event_id_recorded_for_another_command_is_a_conflict() throws Exception {
        Parsed event = run(PRODUCER, "build", "", "");
        Plan plan = LineagePlanner.plan(List.of(event), new Facts(Map.of(), Map.of(), Map.of(),
                Map.of(event.clientEventId(), "io.custody.commands.dataset.RegisterDataset"), Map.of()));

        assertThat(plan.outcomes().get(0).status()).isEqualTo(Status.REFUSED);
        assertThat(plan.outcomes().get(0).refusal().code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(plan.outcomes().get(0).refusal().field()).isEqualTo("clientEventId");
        assertThat(plan.outcomes().get(0).refusal().getMessage())
                .contains("was already used for a RegisterDataset command");
    }
}
