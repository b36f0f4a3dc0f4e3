package io.custody.command.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.lineage.LineagePlanner.Facts;
import io.custody.command.lineage.LineagePlanner.Plan;
import io.custody.command.lineage.LineagePlanner.Step;
import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.commands.lineage.DescribeJob;
import io.custody.commands.lineage.RecordJobRunEvent;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
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

    private static Parsed run(String runId, String job, String inputs, String outputs) throws Exception {
        return OpenLineageParser.parse(JSON.readTree("""
                {"eventType": "COMPLETE", "eventTime": "2026-01-15T09:00:00Z", "producer": "https://example.com/x",
                 "run": {"runId": "%s"}, "job": {"namespace": "airflow", "name": "%s"},
                 "inputs": [%s], "outputs": [%s]}""".formatted(runId, job, inputs, outputs)));
    }

    private static String dataset(String name) {
        return "{\"namespace\": \"s3://lake\", \"name\": \"" + name + "\"}";
    }

    private static Facts nothingKnown() {
        return new Facts(Map.of(), Map.of());
    }

    private static List<Object> commands(Plan plan) {
        return plan.steps().stream().map(step -> step.command().command()).toList();
    }

    @Test
    void a_new_output_of_a_run_is_registered_as_a_version_named_after_the_run() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications"))),
                nothingKnown());

        RegisterDatasetVersion version = (RegisterDatasetVersion) commands(plan).get(1);
        assertThat(commands(plan).get(0)).isInstanceOf(RegisterDataset.class);
        assertThat(version.version()).isEqualTo(VersionLabel.of("run-" + PRODUCER));
        assertThat(version.producedByRun()).isEqualTo("jobRun:" + PRODUCER);
        assertThat(version.digest()).isEqualTo(VersionLabelling.derivedDigest(FEATURES, version.version()));
        LineageDataset output = ((RecordJobRunEvent) commands(plan).get(2)).outputs().get(0);
        assertThat(output.version()).isEqualTo(version.version());
        assertThat(output.versionSource()).isEqualTo(VersionSource.PRODUCING_RUN);
        assertThat(plan.events().get(0).registered()).containsExactly("dataset " + FEATURES,
                "dataset version " + FEATURES + "@run-" + PRODUCER);
    }

    @Test
    void an_input_without_version_is_the_newest_known_version_with_its_known_digest() throws Exception {
        String digest = "sha256:" + "a".repeat(64);
        Facts facts = new Facts(Map.of(RAW, new KnownDataset(false, "v7")),
                Map.of(DatasetVersionKey.of(RAW, VersionLabel.of("v7")), digest));
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "train", dataset("raw/applications"), "")), facts);

        assertThat(plan.steps()).hasSize(1);
        LineageDataset input = ((RecordJobRunEvent) commands(plan).get(0)).inputs().get(0);
        assertThat(input.version()).isEqualTo(VersionLabel.of("v7"));
        assertThat(input.versionSource()).isEqualTo(VersionSource.NEWEST_KNOWN);
        assertThat(input.digest().value()).isEqualTo(digest);
    }

    @Test
    void a_later_event_of_a_chunk_reads_the_version_an_earlier_one_writes() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications")),
                run(CONSUMER, "train", dataset("features/applications"), "")), nothingKnown());

        assertThat(plan.events().get(1).registrations()).isEmpty();
        LineageDataset input = ((RecordJobRunEvent) plan.events().get(1).main().command()).inputs().get(0);
        assertThat(input.version()).isEqualTo(VersionLabel.of("run-" + PRODUCER));
    }

    @Test
    void a_deprecated_dataset_takes_no_new_version_but_the_lineage_still_names_it() throws Exception {
        Facts facts = new Facts(Map.of(FEATURES, new KnownDataset(true, null)), Map.of());
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications"))), facts);

        assertThat(commands(plan)).hasSize(1);
        assertThat(((RecordJobRunEvent) commands(plan).get(0)).outputs().get(0).version())
                .isEqualTo(VersionLabel.of("run-" + PRODUCER));
    }

    @Test
    void a_job_description_names_no_version_without_a_version_facet() throws Exception {
        Parsed job = OpenLineageParser.parse(JSON.readTree("""
                {"eventTime": "2026-01-15T09:00:00Z", "producer": "x", "job": {"namespace": "dbt", "name": "f"},
                 "inputs": [%s]}""".formatted(dataset("raw/applications"))));
        Plan plan = LineagePlanner.plan(List.of(job), nothingKnown());

        assertThat(commands(plan)).hasSize(2).first().isInstanceOf(RegisterDataset.class);
        assertThat(((DescribeJob) commands(plan).get(1)).inputs().get(0).version()).isNull();
    }

    @Test
    void every_command_runs_in_stream_order_whichever_event_needs_it() throws Exception {
        Plan plan = LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("z/last")),
                run(CONSUMER, "train", "", dataset("a/first"))), nothingKnown());

        List<String> streams = plan.steps().stream().map(step -> step.command().stream()).toList();
        assertThat(streams).isSorted();
        assertThat(plan.steps()).filteredOn(Step::main).extracting(Step::event).containsExactly(0, 1);
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
        LineagePlanner.plan(List.of(run(PRODUCER, "build", "", dataset("features/applications"))),
                new Facts(known, digests));

        assertThat(known).isEmpty();
        assertThat(digests).isEmpty();
    }

    @Test
    void a_version_facet_that_is_no_label_is_hashed_into_one() throws Exception {
        Parsed event = run(PRODUCER, "build", "{\"namespace\": \"s3://lake\", \"name\": \"raw/applications\", "
                + "\"facets\": {\"version\": {\"datasetVersion\": \"a b/c\"}}}", "");
        VersionLabelling.Label label = VersionLabelling.label(event.inputs().get(0), null, event.producingRun(), false);

        assertThat(label.source()).isEqualTo(VersionSource.FACET_HASHED);
        assertThat(label.version().value()).startsWith("olv-");
    }
}
