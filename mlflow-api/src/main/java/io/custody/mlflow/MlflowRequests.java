package io.custody.mlflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * The request bodies of /api/2.0/mlflow/, as MLflow's REST protos name their fields (snake_case). Unknown fields
 * are ignored, as MLflow's server ignores them; int64 fields accept the quoted numbers protobuf's JSON printer writes.
 */
final class MlflowRequests {

    private MlflowRequests() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeyValue(String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MetricValue(String key, Double value, Long timestamp, Long step) {
    }

    // ---- experiments

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateExperiment(String name, String artifactLocation, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ExperimentRef(String experimentId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UpdateExperiment(String experimentId, String newName) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SetExperimentTag(String experimentId, String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchExperiments(Integer maxResults, String pageToken, String filter, List<String> orderBy,
                             String viewType) {
    }

    // ---- runs

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateRun(String experimentId, String userId, Long startTime, List<KeyValue> tags, String runName) {
    }

    /** Every run request names its run by run_id; older clients send run_uuid too, or only. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RunRef(String runId, String runUuid) {

        String id() {
            return runId != null && !runId.isBlank() ? runId : runUuid;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UpdateRun(String runId, String runUuid, String status, Long endTime, String runName) {

        String id() {
            return runId != null && !runId.isBlank() ? runId : runUuid;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LogMetric(String runId, String runUuid, String key, Double value, Long timestamp, Long step) {

        String id() {
            return runId != null && !runId.isBlank() ? runId : runUuid;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LogParam(String runId, String runUuid, String key, String value) {

        String id() {
            return runId != null && !runId.isBlank() ? runId : runUuid;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LogBatch(String runId, List<MetricValue> metrics, List<KeyValue> params, List<KeyValue> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DatasetInput(List<KeyValue> tags, Dataset dataset) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LogInputs(String runId, List<DatasetInput> datasets) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchRuns(List<String> experimentIds, String filter, String runViewType, Integer maxResults,
                      List<String> orderBy, String pageToken) {
    }

    // ---- registry

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateRegisteredModel(String name, List<KeyValue> tags, String description) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelRef(String name, String newName, String description) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LatestVersions(String name, List<String> stages) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateModelVersion(String name, String source, String runId, List<KeyValue> tags, String runLink,
                              String description) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VersionRef(String name, String version, String description, String stage,
                      Boolean archiveExistingVersions) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SetAlias(String name, String alias, String version) {
    }

    /** set-registered-model-tag, delete-registered-model-tag ({@code version} absent), and the model-version ones. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelTag(String name, String version, String key, String value) {
    }
}
