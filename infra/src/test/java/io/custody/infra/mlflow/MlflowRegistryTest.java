package io.custody.infra.mlflow;

import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionTag;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.ModelRegistry.RegisteredModelTag;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowHttpException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The registry's rename, tags and delete through the real MLflow client and real requests, read back over MLflow,
 * Custody's GraphQL and its search.
 */
class MlflowRegistryTest extends MlflowCallerTest {

    private static final String DIGEST = "sha256:" + "7a".repeat(32);

    @Test
    void a_renamed_model_answers_under_its_new_name_only_and_keeps_its_custody_identity() {
        String model = "churn-" + suffix;
        String renamed = "churn-v2-" + suffix;
        String run = finishedRun("rename-" + suffix);
        register(model, run);
        client.sendPost("registered-models/alias", """
                {"name": "%s", "alias": "champion", "version": "1"}""".formatted(model));

        String answer = client.sendPost("registered-models/rename", """
                {"name": "%s", "new_name": "%s"}""".formatted(model, renamed));
        assertThat(answer).contains("\"name\":\"" + renamed + "\"");

        RegisteredModel read = client.getRegisteredModel(renamed);
        assertThat(read.getName()).isEqualTo(renamed);
        assertThat(read.getAliasesList()).singleElement().satisfies(a -> assertThat(a.getAlias()).isEqualTo("champion"));
        assertThat(client.getModelVersion(renamed, "1").getName()).isEqualTo(renamed);
        assertThat(client.getLatestVersions(renamed)).extracting(ModelVersion::getName).containsExactly(renamed);
        assertThat(client.searchModelVersions("name = '" + renamed + "'").getItems()).extracting(ModelVersion::getVersion)
                .containsExactly("1");
        assertThat(client.sendGet("registered-models/alias?name=" + renamed + "&alias=champion"))
                .contains("\"version\":\"1\"");
        assertThat(client.sendGet("registered-models/search?filter=" + encode("name = '" + renamed + "'")))
                .contains(renamed);

        // The old name answers nothing, and stays taken: it is the model's identity in Custody's events.
        for (Runnable call : new Runnable[] {() -> client.getRegisteredModel(model),
                () -> client.getModelVersion(model, "1"), () -> client.getLatestVersions(model)}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(MlflowHttpException.class,
                    e -> assertThat(e.getBodyMessage()).contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\""));
        }
        assertThat(client.searchModelVersions("name = '" + model + "'").getItems()).isEmpty();
        assertThatThrownBy(() -> register(model, run)).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS").contains("renamed"));

        // Later calls under the new name reach the model; a DELETE's fields come as JSON from MLflow's Python client.
        dana.method(org.springframework.http.HttpMethod.DELETE).uri(MLFLOW + "registered-models/alias")
                .header("Content-Type", "application/json")
                .bodyValue("{\"name\": \"%s\", \"alias\": \"champion\"}".formatted(renamed)).exchange()
                .expectStatus().isOk();
        assertThat(client.getRegisteredModel(renamed).getAliasesList()).isEmpty();
        client.sendPost("model-versions/transition-stage", """
                {"name": "%s", "version": "1", "stage": "Staging"}""".formatted(renamed));
        assertThat(client.getModelVersion(renamed, "1").getCurrentStage()).isEqualTo("Staging");

        graphQl().document("""
                query($text: String!) { search(text: $text, types: [MODEL]) { hits { key title } } }""")
                .variable("text", renamed).execute()
                .path("search.hits[?(@.key == '" + model + "')].title").entityList(String.class).containsExactly(renamed);
        graphQl().document("""
                query($model: String!, $stream: String!) {
                  model(name: $model) { name mlflowName aliasHistory { alias changedBy } }
                  history(stream: $stream) { type actor payload } }""")
                .variable("model", model).variable("stream", "model:" + model).execute()
                .path("model.name").entity(String.class).isEqualTo(model)
                .path("model.mlflowName").entity(String.class).isEqualTo(renamed)
                .path("model.aliasHistory[*].alias").entityList(String.class)
                .containsExactly("champion", "champion", "staging")
                .path("history[?(@.type == 'RegisteredModelRenamed')].actor").entityList(String.class)
                .containsExactly("mlflow-dana")
                .path("history[?(@.type == 'RegisteredModelRenamed')].payload.name").entityList(String.class)
                .containsExactly(renamed)
                .path("history[?(@.type == 'RegisteredModelRenamed')].payload.previousName").entityList(String.class)
                .containsExactly(model);
    }

    @Test
    void a_rename_to_a_taken_name_is_refused_and_a_missing_model_is_not_found() {
        String first = "taken-a-" + suffix;
        String second = "taken-b-" + suffix;
        String run = finishedRun("taken-" + suffix);
        register(first, run);
        register(second, run);
        assertThatThrownBy(() -> client.sendPost("registered-models/rename", """
                {"name": "%s", "new_name": "%s"}""".formatted(first, second)))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("\"error_code\":\"RESOURCE_ALREADY_EXISTS\"");
                });
        assertThatThrownBy(() -> client.sendPost("registered-models/rename", """
                {"name": "missing-%s", "new_name": "other-%s"}""".formatted(suffix, suffix)))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getBodyMessage()).contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\"");
                });
        assertThat(client.getRegisteredModel(first).getName()).isEqualTo(first);
    }

    @Test
    void tags_of_models_and_versions_are_recorded_answered_and_searched() {
        String model = "tagged-" + suffix;
        String run = finishedRun("tags-" + suffix);
        client.sendPost("registered-models/create", """
                {"name": "%s", "tags": [{"key": "custody.owner", "value": "risk-team"},
                 {"key": "custody.risk_tier", "value": "LOW"}, {"key": "team", "value": "churn"}]}""".formatted(model));
        client.sendPost("model-versions/create", """
                {"name": "%s", "source": "s3://models/x", "run_id": "%s",
                 "tags": [{"key": "custody.artifact_digest", "value": "%s"}, {"key": "validated", "value": "no"}]}"""
                .formatted(model, run, DIGEST));
        client.sendPost("registered-models/set-tag", """
                {"name": "%s", "key": "purpose", "value": "retention"}""".formatted(model));
        client.sendPost("model-versions/set-tag", """
                {"name": "%s", "version": "1", "key": "validated", "value": "yes"}""".formatted(model));
        // MLflow's Python client sends a DELETE's fields as JSON.
        dana.method(org.springframework.http.HttpMethod.DELETE).uri(MLFLOW + "registered-models/delete-tag")
                .header("Content-Type", "application/json")
                .bodyValue("{\"name\": \"%s\", \"key\": \"team\"}".formatted(model)).exchange().expectStatus().isOk();

        assertThat(client.getRegisteredModel(model).getTagsList()).extracting(RegisteredModelTag::getKey,
                RegisteredModelTag::getValue).containsExactly(tuple("custody.owner", "risk-team"),
                tuple("custody.risk_tier", "LOW"), tuple("purpose", "retention"));
        assertThat(client.getModelVersion(model, "1").getTagsList()).extracting(ModelVersionTag::getKey,
                ModelVersionTag::getValue).containsExactly(tuple("custody.artifact_digest", DIGEST),
                tuple("validated", "yes"));

        assertThat(client.sendGet("registered-models/search?filter=" + encode("tags.purpose = 'retention' AND name LIKE '"
                + "tagged-%'"))).contains(model);
        assertThat(client.sendGet("registered-models/search?filter=" + encode("tags.team = 'churn'")))
                .doesNotContain(model);
        assertThat(client.searchModelVersions("name = '" + model + "' AND tags.`validated` = 'yes'").getItems())
                .extracting(ModelVersion::getVersion).containsExactly("1");
        assertThat(client.searchModelVersions("tags.validated != 'yes' AND name = '" + model + "'").getItems()).isEmpty();

        dana.delete().uri(MLFLOW + "model-versions/delete-tag?name=" + model + "&version=1&key=validated").exchange()
                .expectStatus().isOk();
        assertThat(client.getModelVersion(model, "1").getTagsList()).extracting(ModelVersionTag::getKey)
                .containsExactly("custody.artifact_digest");
        dana.delete().uri(MLFLOW + "model-versions/delete-tag?name=" + model + "&version=1&key=validated").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error_code").isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThatThrownBy(() -> client.sendPost("registered-models/set-tag", """
                {"name": "%s", "key": "custody.risk_tier", "value": "HIGH"}""".formatted(model)))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("INVALID_PARAMETER_VALUE").contains("custody.risk_tier"));
        assertThatThrownBy(() -> client.sendGet("registered-models/search?filter=" + encode("tags.x >> 'y'")))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("INVALID_PARAMETER_VALUE").contains("position 0"));
    }

    @Test
    void a_deleted_model_and_its_versions_leave_the_search_index() {
        String model = "searchable-" + suffix;
        register(model, finishedRun("searchable-" + suffix));
        String search = """
                query($text: String!) { search(text: $text, types: [MODEL, MODEL_VERSION]) { total hits { type key } } }""";
        graphQl().document(search).variable("text", model).execute()
                .path("search.hits[*].key").entityList(String.class).contains(model, model + "#1");

        dana.delete().uri(MLFLOW + "registered-models/delete?name=" + model).exchange().expectStatus().isOk();

        graphQl().document(search).variable("text", model).execute()
                .path("search.hits[*].key").entityList(String.class).doesNotContain(model, model + "#1");
    }

    private String finishedRun(String experimentName) {
        String run = client.createRun(client.createExperiment(experimentName)).getRunId();
        client.setTerminated(run, RunStatus.FINISHED);
        return run;
    }

    private void register(String model, String run) {
        client.sendPost("registered-models/create", """
                {"name": "%s", "tags": [{"key": "custody.owner", "value": "risk-team"},
                 {"key": "custody.risk_tier", "value": "LOW"}]}""".formatted(model));
        client.sendPost("model-versions/create", """
                {"name": "%s", "source": "s3://models/x", "run_id": "%s",
                 "tags": [{"key": "custody.artifact_digest", "value": "%s"}]}""".formatted(model, run, DIGEST));
    }

    private static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
}
