package io.custody.query.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * The read model's answers in the shapes of MLflow's REST protos (mlflow/protos/service.proto and
 * model_registry.proto), so /api/2.0/mlflow/ serialises them as they are: snake_case, absent fields left out.
 */
public final class MlflowViews {

    private MlflowViews() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyValue(String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Experiment(String experimentId, String name, String artifactLocation, String lifecycleStage,
                             Long lastUpdateTime, Long creationTime, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunInfo(String runId, String runUuid, String runName, String experimentId, String userId,
                          String status, Long startTime, Long endTime, String artifactUri, String lifecycleStage) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metric(String key, double value, long timestamp, long step) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunData(List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(String name, String digest, String sourceType, String source) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetInput(List<KeyValue> tags, Dataset dataset) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunInputs(List<DatasetInput> datasetInputs) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(RunInfo info, RunData data, RunInputs inputs) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alias(String alias, String version) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelVersion(String name, String version, Long creationTimestamp, Long lastUpdatedTimestamp,
                               String userId, String currentStage, String description, String source, String runId,
                               String status, List<String> aliases, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegisteredModel(String name, Long creationTimestamp, Long lastUpdatedTimestamp, String userId,
                                  String description, List<ModelVersion> latestVersions, List<Alias> aliases,
                                  List<KeyValue> tags) {
    }

    /** One page of an answer; {@code nextOffset} is null on the last page. */
    public record Page<T>(List<T> items, Integer nextOffset) {
    }
}
