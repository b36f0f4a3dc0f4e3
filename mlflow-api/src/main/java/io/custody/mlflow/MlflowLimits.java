package io.custody.mlflow;

import io.custody.mlflow.MlflowRequests.KeyValue;
import io.custody.mlflow.MlflowRequests.MetricValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow's own limits (mlflow/utils/validation.py), checked before anything is sent, so a request MLflow would
 * refuse is refused here with the same code and nothing is stored.
 */
final class MlflowLimits {

    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    static final int MAX_ENTITIES_PER_BATCH = 1000;
    static final int MAX_ENTITY_KEY_LENGTH = 250;
    static final int MAX_PARAM_VALUE_LENGTH = 6000;
    static final int MAX_TAG_VALUE_LENGTH = 8000;
    static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    static final int MAX_REGISTRY_TAG_VALUE_LENGTH = 5000;
    static final int MAX_RESULTS_SEARCH_RUNS = 50000;
    static final int MAX_RESULTS_DEFAULT = 1000;
    /** MLflow's MAX_DATASET_DIGEST_SIZE: a dataset digest that is not SHA-256 has at most this many characters. */
    static final int MAX_DATASET_DIGEST = 36;

    private MlflowLimits() {
    }

    static void batch(List<MetricValue> metrics, List<KeyValue> params, List<KeyValue> tags) {
        int m = size(metrics);
        int p = size(params);
        int t = size(tags);
        if (m > MAX_METRICS_PER_BATCH) {
            throw MlflowException.invalid("A batch logging request can contain at most " + MAX_METRICS_PER_BATCH
                    + " metrics. Got " + m + " metrics.");
        }
        if (p > MAX_PARAMS_TAGS_PER_BATCH) {
            throw MlflowException.invalid("A batch logging request can contain at most " + MAX_PARAMS_TAGS_PER_BATCH
                    + " params. Got " + p + " params.");
        }
        if (t > MAX_PARAMS_TAGS_PER_BATCH) {
            throw MlflowException.invalid("A batch logging request can contain at most " + MAX_PARAMS_TAGS_PER_BATCH
                    + " tags. Got " + t + " tags.");
        }
        if (m + p + t > MAX_ENTITIES_PER_BATCH) {
            throw MlflowException.invalid("A batch logging request can contain at most " + MAX_ENTITIES_PER_BATCH
                    + " metrics, params and tags in total. Got " + (m + p + t) + ".");
        }
        if (metrics != null) {
            metrics.forEach(metric -> key("metric", metric.key()));
        }
        if (params != null) {
            params.forEach(param -> param(param.key(), param.value()));
        }
        if (tags != null) {
            tags.forEach(tag -> tag(tag.key(), tag.value()));
        }
    }

    static String key(String what, String key) {
        if (key == null || key.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter 'key' of a " + what + ".");
        }
        if (key.length() > MAX_ENTITY_KEY_LENGTH) {
            throw MlflowException.invalid(what + " key '" + key.substring(0, 32) + "...' had length " + key.length()
                    + ", which exceeded length limit of " + MAX_ENTITY_KEY_LENGTH);
        }
        return key;
    }

    static void param(String key, String value) {
        key("param", key);
        value("param", key, value, MAX_PARAM_VALUE_LENGTH);
    }

    static void tag(String key, String value) {
        key("tag", key);
        value("tag", key, value, MAX_TAG_VALUE_LENGTH);
    }

    /** Tags as a map, each checked against MLflow's limits; a later tag of the same key wins, as in MLflow. */
    static Map<String, String> tags(List<KeyValue> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue tag : tags == null ? List.<KeyValue>of() : tags) {
            tag(tag.key(), tag.value());
            map.put(tag.key(), tag.value());
        }
        return map;
    }

    /** A tag of a registered model or model version (MLflow's MAX_MODEL_REGISTRY_TAG_*_LENGTH). */
    static void registryTag(String key, String value) {
        key("registry tag", key);
        value("registry tag", key, value, MAX_REGISTRY_TAG_VALUE_LENGTH);
    }

    static void experimentTag(String key, String value) {
        key("experiment tag", key);
        value("experiment tag", key, value, MAX_EXPERIMENT_TAG_VALUE_LENGTH);
    }

    private static void value(String what, String key, String value, int limit) {
        if (value == null) {
            throw MlflowException.invalid("Missing value for required parameter 'value' of " + what + " '" + key + "'.");
        }
        if (value.length() > limit) {
            throw MlflowException.invalid(what + " '" + key + "' had value length " + value.length()
                    + ", which exceeded length limit of " + limit);
        }
    }

    static int maxResults(Integer requested, int limit) {
        if (requested == null) {
            return Math.min(MAX_RESULTS_DEFAULT, limit);
        }
        if (requested < 1 || requested > limit) {
            throw MlflowException.invalid("Invalid value " + requested + " for parameter 'max_results' supplied. "
                    + "It must be at most " + limit + " and at least 1.");
        }
        return requested;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
