package io.custody.command.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.command.lineage.Parsed.ParsedDataset;
import io.custody.command.lineage.Parsed.ParsedDatasetEvent;
import io.custody.command.lineage.Parsed.ParsedJob;
import io.custody.command.lineage.Parsed.ParsedRun;
import io.custody.errors.CustodyException;
import io.custody.values.CodeLocation;
import io.custody.values.DatasetName;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.JobRunState;
import io.custody.values.SchemaField;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads an OpenLineage event of spec 2-0-x (RunEvent, DatasetEvent or JobEvent) and checks all of it
 * before anything is sent: a problem answers BAD_REQUEST naming its JSON path ({@code $.run.runId},
 * {@code $.outputs[1].name}), so the emitter can find it and nothing of a bad event is stored. Facets
 * are taken as sent; Custody reads schema, dataSource, version, outputStatistics, sourceCodeLocation,
 * parent and errorMessage, and keeps every facet, known or not.
 */
final class OpenLineageParser {

    /** Beyond this an event is more likely a bug in the emitter than a job. */
    static final int MAX_DATASETS = 1_000;
    /** Stream ids are at most 255 characters, and a dataset's stream id is its name with a prefix. */
    static final int MAX_DATASET_NAME = DatasetName.MAX_LENGTH;

    private OpenLineageParser() {
    }

    static Parsed parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw bad("$", "must be a JSON object: an OpenLineage RunEvent, DatasetEvent or JobEvent");
        }
        Instant eventTime = instant("$.eventTime", root.get("eventTime"));
        String producer = text("$.producer", root.get("producer"), 2048, true);
        String schemaUrl = text("$.schemaURL", root.get("schemaURL"), 2048, false);
        return switch (kind(root, schemaUrl)) {
            case RUN -> run(root, eventTime, producer, schemaUrl);
            case DATASET -> new ParsedDatasetEvent(dataset("$.dataset", root.get("dataset"), null), eventTime, producer);
            case JOB -> job(root, eventTime, producer);
        };
    }

    /** The three event types of the spec. */
    enum Kind { RUN, DATASET, JOB }

    /**
     * Which event this is: named by the last segment of its {@code schemaURL} ({@code …#/$defs/RunEvent}),
     * as Marquez reads it; failing that, by its fields (a RunEvent alone has {@code run} or {@code eventType}).
     * A RunEvent is then read as one, so one without {@code run} is refused rather than taken for a JobEvent.
     */
    static Kind kind(JsonNode root, String schemaUrl) {
        Kind named = switch (schemaUrl == null ? "" : schemaUrl.substring(schemaUrl.lastIndexOf('/') + 1)) {
            case "RunEvent" -> Kind.RUN;
            case "DatasetEvent" -> Kind.DATASET;
            case "JobEvent" -> Kind.JOB;
            // No schemaURL, or one naming no event type: the fields decide.
            default -> null;
        };
        if (named != null) {
            return named;
        }
        if (root.has("run") || root.has("eventType")) {
            return Kind.RUN;
        }
        if (root.has("dataset")) {
            return Kind.DATASET;
        }
        if (root.has("job")) {
            return Kind.JOB;
        }
        throw bad("$", "is not an OpenLineage event: a RunEvent has run, a DatasetEvent dataset, a JobEvent job");
    }

    private static ParsedJob job(JsonNode root, Instant eventTime, String producer) {
        JsonNode job = object("$.job", root.get("job"), true);
        JobRef ref = job("$.job", job);
        if (("job:" + ref.key()).length() > 255) {
            throw bad("$.job.name", "namespace and name together must be at most 250 characters");
        }
        JsonNode jobFacets = object("$.job.facets", job.get("facets"), false);
        List<ParsedDataset> inputs = datasets(root, "inputs", "inputFacets");
        List<ParsedDataset> outputs = datasets(root, "outputs", "outputFacets");
        return new ParsedJob(ref, eventTime, producer, code(jobFacets), jobFacets, inputs, outputs);
    }

    private static ParsedRun run(JsonNode root, Instant eventTime, String producer, String schemaUrl) {
        JsonNode run = object("$.run", root.get("run"), true);
        JobRunId runId = runId("$.run.runId", run.get("runId"));
        JsonNode runFacets = object("$.run.facets", run.get("facets"), false);
        JsonNode job = object("$.job", root.get("job"), true);
        JobRef jobRef = job("$.job", job);
        JsonNode jobFacets = object("$.job.facets", job.get("facets"), false);
        JobRunState state = state(root.get("eventType"));

        ParsedRun.Builder parsed = ParsedRun.of(runId, state, jobRef, eventTime).producer(producer)
                .schemaUrl(schemaUrl).runFacets(runFacets).jobFacets(jobFacets);
        JsonNode parent = runFacets == null ? null : object("$.run.facets.parent", runFacets.get("parent"), false);
        if (parent != null) {
            JsonNode parentRunNode = object("$.run.facets.parent.run", parent.get("run"), true);
            parsed.parent(runId("$.run.facets.parent.run.runId", parentRunNode.get("runId")),
                    job("$.run.facets.parent.job", object("$.run.facets.parent.job", parent.get("job"), true)));
        }
        JsonNode error = runFacets == null ? null
                : object("$.run.facets.errorMessage", runFacets.get("errorMessage"), false);
        if (error != null) {
            parsed.errorMessage(text("$.run.facets.errorMessage.message", error.get("message"), 10_000, false));
        }
        // Checked in the order the spec lists them, so the first bad field named is the same as before.
        return parsed.inputs(datasets(root, "inputs", "inputFacets"))
                .outputs(datasets(root, "outputs", "outputFacets")).code(code(jobFacets)).build();
    }

    private static JobRunState state(JsonNode node) {
        // The spec makes eventType optional; an event without one reports on the run and nothing more.
        if (node == null || node.isNull()) {
            return JobRunState.OTHER;
        }
        if (!node.isTextual()) {
            throw bad("$.eventType", "must be one of " + Arrays.toString(JobRunState.values()));
        }
        try {
            return JobRunState.valueOf(node.asText());
        } catch (IllegalArgumentException e) {
            throw bad("$.eventType", "must be one of " + Arrays.toString(JobRunState.values()) + " (got '"
                    + abbreviate(node.asText()) + "')");
        }
    }

    /** The sourceCodeLocation job facet as a code commit; null when it does not name both repository and version. */
    private static CodeLocation code(JsonNode jobFacets) {
        JsonNode facet = jobFacets == null ? null
                : object("$.job.facets.sourceCodeLocation", jobFacets.get("sourceCodeLocation"), false);
        if (facet == null) {
            return null;
        }
        String path = "$.job.facets.sourceCodeLocation";
        String repoUrl = text(path + ".repoUrl", facet.get("repoUrl"), 2048, false);
        String url = text(path + ".url", facet.get("url"), 2048, false);
        String version = text(path + ".version", facet.get("version"), 256, false);
        String repository = repoUrl != null && !repoUrl.isBlank() ? repoUrl : url;
        if (repository == null || repository.isBlank() || version == null || version.isBlank()) {
            return null;
        }
        String file = text(path + ".path", facet.get("path"), 2048, false);
        return build(path, () -> new CodeLocation(repository, version, file));
    }

    private static List<ParsedDataset> datasets(JsonNode root, String field, String ioFacetsField) {
        JsonNode list = root.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw bad("$." + field, "must be an array of datasets");
        }
        if (list.size() > MAX_DATASETS) {
            throw bad("$." + field, "holds at most " + MAX_DATASETS + " datasets");
        }
        List<ParsedDataset> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(dataset("$." + field + "[" + i + "]", list.get(i), ioFacetsField));
        }
        return out;
    }

    private static ParsedDataset dataset(String path, JsonNode node, String ioFacetsField) {
        JsonNode dataset = object(path, node, true);
        String namespace = name(path + ".namespace", dataset.get("namespace"));
        String name = name(path + ".name", dataset.get("name"));
        DatasetName custodyName = custodyName(path, namespace, name);
        JsonNode facets = object(path + ".facets", dataset.get("facets"), false);
        JsonNode ioFacets = ioFacetsField == null ? null
                : object(path + "." + ioFacetsField, dataset.get(ioFacetsField), false);

        String versionFacet = null;
        List<SchemaField> schema = List.of();
        if (facets != null) {
            JsonNode version = object(path + ".facets.version", facets.get("version"), false);
            if (version != null) {
                versionFacet = text(path + ".facets.version.datasetVersion", version.get("datasetVersion"), 4096,
                        true);
            }
            JsonNode schemaFacet = object(path + ".facets.schema", facets.get("schema"), false);
            if (schemaFacet != null) {
                schema = schema(path + ".facets.schema.fields", schemaFacet.get("fields"));
            }
            object(path + ".facets.dataSource", facets.get("dataSource"), false);
        }
        Long rowCount = null;
        if (ioFacets != null) {
            JsonNode statistics = object(path + "." + ioFacetsField + ".outputStatistics",
                    ioFacets.get("outputStatistics"), false);
            if (statistics != null && statistics.has("rowCount") && !statistics.get("rowCount").isNull()) {
                JsonNode rows = statistics.get("rowCount");
                if (!rows.canConvertToLong() || rows.asLong() < 0) {
                    throw bad(path + "." + ioFacetsField + ".outputStatistics.rowCount", "must be a whole number, 0 or more");
                }
                rowCount = rows.asLong();
            }
        }
        return new ParsedDataset(path, namespace, name, custodyName, versionFacet, facets, ioFacets, schema, rowCount,
                location(namespace, name, custodyName));
    }

    /**
     * Custody's name for an OpenLineage dataset: {@code namespace/name}, the way OpenLineage's naming
     * spec composes them ({@code postgres://db:5432/public.applications}, {@code s3://bucket/raw/x}).
     */
    private static DatasetName custodyName(String path, String namespace, String name) {
        String joined = withoutTrailingSlashes(namespace) + "/" + withoutTrailingSlashes(name);
        if (joined.length() > MAX_DATASET_NAME) {
            throw bad(path + ".name", "namespace and name together must be at most " + MAX_DATASET_NAME
                    + " characters");
        }
        try {
            return new DatasetName(joined);
        } catch (CustodyException e) {
            throw bad(path + ".name", "with its namespace makes the dataset name '" + abbreviate(joined) + "', which "
                    + e.getMessage());
        }
    }

    // A loop rather than replaceAll("/+$", ""): that compiled a regular expression twice per dataset named.
    private static String withoutTrailingSlashes(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(0, end);
    }

    /** Where the data lives, as an absolute URI: the namespace is the data source's URI in OpenLineage's naming. */
    private static String location(String namespace, String name, DatasetName dataset) {
        String candidate = namespace.contains("://") ? dataset.value()
                : namespace + "://" + (name.startsWith("/") ? name : "/" + name);
        try {
            if (new URI(candidate).getScheme() != null) {
                return candidate;
            }
        } catch (URISyntaxException e) {
            // Falls through to the encoded form below.
        }
        return "openlineage:" + URLEncoder.encode(dataset.value(), StandardCharsets.UTF_8);
    }

    private static List<SchemaField> schema(String path, JsonNode fields) {
        if (fields == null || fields.isNull()) {
            return List.of();
        }
        if (!fields.isArray()) {
            throw bad(path, "must be an array of fields");
        }
        List<SchemaField> out = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode field = object(at, fields.get(i), true);
            String name = text(at + ".name", field.get("name"), 256, true);
            // OpenLineage makes a field's type optional; Custody's schema says so instead of guessing.
            String type = text(at + ".type", field.get("type"), 128, false);
            String description = text(at + ".description", field.get("description"), 2000, false);
            out.add(build(at, () -> new SchemaField(name, type == null || type.isBlank() ? "unknown" : type,
                    description)));
        }
        return out;
    }

    private static JobRef job(String path, JsonNode job) {
        String namespace = name(path + ".namespace", job.get("namespace"));
        String name = name(path + ".name", job.get("name"));
        return build(path, () -> new JobRef(namespace, name));
    }

    private static JobRunId runId(String path, JsonNode node) {
        String raw = text(path, node, 64, true);
        return build(path, () -> new JobRunId(raw));
    }

    private static String name(String path, JsonNode node) {
        String value = text(path, node, 1024, true);
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw bad(path, "must not contain control characters");
        }
        return value;
    }

    private static Instant instant(String path, JsonNode node) {
        String raw = text(path, node, 64, true);
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(raw).toInstant();
            } catch (DateTimeParseException again) {
                throw bad(path, "must be an ISO-8601 date-time with offset, e.g. 2026-01-15T09:00:00.000Z (got '"
                        + abbreviate(raw) + "')");
            }
        }
    }

    static JsonNode object(String path, JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw bad(path, "is required");
            }
            return null;
        }
        if (!node.isObject()) {
            throw bad(path, "must be a JSON object");
        }
        return node;
    }

    static String text(String path, JsonNode node, int maxLength, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw bad(path, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw bad(path, "must be a string");
        }
        String value = node.asText();
        if (required && value.isBlank()) {
            throw bad(path, "must not be empty");
        }
        if (value.length() > maxLength) {
            throw bad(path, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** Builds a value record, attributing its failure to the JSON path (a field of its own below it). */
    private static <T> T build(String path, Supplier<T> value) {
        try {
            return value.get();
        } catch (CustodyException e) {
            throw bad(e.field() == null ? path : path + "." + e.field(), e.getMessage());
        }
    }

    static CustodyException bad(String path, String message) {
        return CustodyException.badRequest(path, message);
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
