package io.custody.command.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.command.lineage.Parsed.ParsedJob;
import io.custody.command.lineage.Parsed.ParsedRun;
import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.values.JobRunState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenLineageParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_EVENT = """
            {"eventType": "COMPLETE", "eventTime": "2026-01-15T09:05:00.123+01:00",
             "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java",
             "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run": {"runId": "0190F8A2-7C1E-7D4B-9A53-0E6F1F2B3C4D", "facets": {
                "parent": {"run": {"runId": "0190f8a2-0000-7d4b-9a53-0e6f1f2b3c4d"},
                           "job": {"namespace": "airflow-prod", "name": "credit_pipeline"}},
                "errorMessage": {"message": "ignored on COMPLETE", "programmingLanguage": "python"},
                "vendor_thing": {"x": 1}}},
             "job": {"namespace": "airflow-prod", "name": "credit_pipeline.build_features", "facets": {
                "sourceCodeLocation": {"type": "git", "url": "https://git.example.com/credit/tree/ABCDEF1",
                                       "repoUrl": "https://git.example.com/credit.git",
                                       "version": "0123456789ABCDEF0123456789ABCDEF01234567"}}},
             "inputs": [{"namespace": "s3://lake", "name": "raw/applications",
                         "facets": {"version": {"datasetVersion": "v3"},
                                    "schema": {"fields": [{"name": "income", "type": "double"}, {"name": "id"}]}}}],
             "outputs": [{"namespace": "postgres://db:5432", "name": "analytics.features/",
                          "outputFacets": {"outputStatistics": {"rowCount": 1200}}}]}
            """;

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static JsonNode without(String text, String pointer, String field) throws Exception {
        JsonNode root = json(text);
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.at(pointer)).remove(field);
        return root;
    }

    @Test
    void a_run_event_is_read_with_its_job_parent_code_and_datasets() throws Exception {
        ParsedRun run = (ParsedRun) OpenLineageParser.parse(json(RUN_EVENT));
        assertThat(run.run().value()).isEqualTo("0190f8a2-7c1e-7d4b-9a53-0e6f1f2b3c4d");
        assertThat(run.state()).isEqualTo(JobRunState.COMPLETE);
        assertThat(run.eventTime().toString()).isEqualTo("2026-01-15T08:05:00.123Z");
        assertThat(run.parentRun().value()).isEqualTo("0190f8a2-0000-7d4b-9a53-0e6f1f2b3c4d");
        assertThat(run.parentJob().key()).isEqualTo("airflow-prod/credit_pipeline");
        assertThat(run.code().repository()).isEqualTo("https://git.example.com/credit.git");
        assertThat(run.code().revision()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(run.inputs().get(0).dataset().value()).isEqualTo("s3://lake/raw/applications");
        assertThat(run.inputs().get(0).versionFacet()).isEqualTo("v3");
        assertThat(run.inputs().get(0).schema()).extracting(f -> f.type()).containsExactly("double", "unknown");
        assertThat(run.outputs().get(0).dataset().value()).isEqualTo("postgres://db:5432/analytics.features");
        assertThat(run.outputs().get(0).rowCount()).isEqualTo(1200L);
        assertThat(run.runFacets().get("vendor_thing").get("x").asInt()).isEqualTo(1);
    }

    @Test
    void trailing_slashes_of_namespace_and_name_are_not_part_of_the_dataset_name() throws Exception {
        ParsedRun run = (ParsedRun) OpenLineageParser.parse(json(RUN_EVENT
                .replace("\"namespace\": \"s3://lake\", \"name\": \"raw/applications\"",
                        "\"namespace\": \"s3://lake//\", \"name\": \"raw/applications///\"")));
        assertThat(run.inputs().get(0).namespace()).isEqualTo("s3://lake//");
        assertThat(run.inputs().get(0).dataset().value()).isEqualTo("s3://lake/raw/applications");
    }

    @Test
    void a_run_event_without_event_type_reports_other() throws Exception {
        ParsedRun run = (ParsedRun) OpenLineageParser.parse(without(RUN_EVENT, "", "eventType"));
        assertThat(run.state()).isEqualTo(JobRunState.OTHER);
    }

    @Test
    void a_missing_run_id_is_refused_at_its_json_path() throws Exception {
        assertRefused(without(RUN_EVENT, "/run", "runId"), "$.run.runId", "is required");
    }

    @Test
    void a_run_id_that_is_not_a_uuid_is_refused_at_its_json_path() throws Exception {
        assertRefused(json(RUN_EVENT.replace("0190F8A2-7C1E-7D4B-9A53-0E6F1F2B3C4D", "run-42")), "$.run.runId",
                "must be a UUID");
    }

    @Test
    void an_unknown_event_type_is_refused_naming_the_allowed_ones() throws Exception {
        assertRefused(json(RUN_EVENT.replace("\"COMPLETE\"", "\"DONE\"")), "$.eventType", "START");
    }

    @Test
    void an_event_time_without_offset_is_refused() throws Exception {
        assertRefused(json(RUN_EVENT.replace("2026-01-15T09:05:00.123+01:00", "yesterday")), "$.eventTime",
                "ISO-8601");
    }

    @Test
    void a_dataset_without_name_is_refused_at_its_index() throws Exception {
        assertRefused(without(RUN_EVENT, "/outputs/0", "name"), "$.outputs[0].name", "is required");
    }

    @Test
    void a_dataset_name_custody_cannot_spell_is_refused_with_the_rule() throws Exception {
        assertRefused(json(RUN_EVENT.replace("raw/applications", "raw/my table")), "$.inputs[0].name",
                "letters, digits");
    }

    @Test
    void a_parent_facet_without_run_id_is_refused() throws Exception {
        assertRefused(without(RUN_EVENT, "/run/facets/parent/run", "runId"), "$.run.facets.parent.run.runId",
                "is required");
    }

    @Test
    void a_schema_field_without_name_is_refused() throws Exception {
        assertRefused(json(RUN_EVENT.replace("{\"name\": \"id\"}", "{\"type\": \"int\"}")),
                "$.inputs[0].facets.schema.fields[1].name", "is required");
    }

    @Test
    void a_job_event_is_read_as_a_job_description() throws Exception {
        JsonNode job = json(RUN_EVENT.replace("$defs/RunEvent", "$defs/JobEvent"));
        ((ObjectNode) job).remove("run");
        ParsedJob parsed = (ParsedJob) OpenLineageParser.parse(job);
        assertThat(parsed.job().key()).isEqualTo("airflow-prod/credit_pipeline.build_features");
    }

    @Test
    void a_run_event_schema_without_run_is_refused_at_run() throws Exception {
        assertRefused(without(RUN_EVENT, "", "run"), "$.run", "is required");
    }

    @Test
    void an_event_type_without_run_or_schema_is_read_as_a_run_event_and_refused_at_run() throws Exception {
        JsonNode event = without(RUN_EVENT, "", "run");
        ((ObjectNode) event).remove("schemaURL");
        assertRefused(event, "$.run", "is required");
    }

    @Test
    void the_schema_url_names_the_event_type_whatever_fields_it_has() throws Exception {
        JsonNode dataset = json("""
                {"eventTime": "2026-01-15T09:00:00Z", "producer": "x",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
                 "job": {"namespace": "a", "name": "b"}}""");
        assertRefused(dataset, "$.dataset", "is required");
    }

    @Test
    void without_a_known_schema_url_the_fields_name_the_event_type() throws Exception {
        JsonNode job = json("""
                {"eventTime": "2026-01-15T09:00:00Z", "producer": "x",
                 "schemaURL": "https://example.com/custom.json#/$defs/Something",
                 "job": {"namespace": "a", "name": "b"}}""");
        assertThat(OpenLineageParser.parse(job)).isInstanceOf(ParsedJob.class);
        assertThat(OpenLineageParser.kind(json("{\"dataset\": {}}"), null)).isEqualTo(OpenLineageParser.Kind.DATASET);
        assertThat(OpenLineageParser.kind(json("{\"run\": {}}"), "https://openlineage.io/spec/2-0-2/OpenLineage.json"))
                .isEqualTo(OpenLineageParser.Kind.RUN);
    }

    @Test
    void something_that_is_no_open_lineage_event_is_refused_at_the_root() throws Exception {
        assertRefused(json("{\"eventTime\": \"2026-01-15T09:00:00Z\", \"producer\": \"x\"}"), "$", "RunEvent");
    }

    private static void assertRefused(JsonNode event, String path, String message) {
        assertThatThrownBy(() -> OpenLineageParser.parse(event))
                .isInstanceOfSatisfying(CustodyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.field()).isEqualTo(path);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
