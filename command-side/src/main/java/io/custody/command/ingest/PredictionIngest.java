package io.custody.command.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.ReadYourWrites;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.LiveInterval;
import io.custody.errors.CustodyException;
import io.custody.events.prediction.OutcomeRecorded;
import io.custody.events.prediction.PredictionRecorded;
import io.custody.meta.Caller;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.values.ContentDigest;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records batches of predictions and outcomes for one deployment. Each item is judged on its own:
 * accepted, a duplicate of something already recorded (acknowledged, not stored again), or rejected
 * with the rule it broke. The accepted ones are committed together before the reply, so an
 * acknowledged item survives a crash right after.
 */
@Component
public class PredictionIngest {

    public static final int MAX_BATCH = 10_000;
    private static final int MAX_ATTEMPTS = 3;
    private static final String PREDICTION_TYPE = "Prediction";

    private final CommandLookups lookups;
    private final StreamAppender appender;
    private final ObjectMapper json;
    private final boolean keepRawFeatures;
    private final ReadYourWrites readModels;
    private final long maxLag;
    private final Duration maxWait;

    public PredictionIngest(CommandLookups lookups, StreamAppender appender, ObjectMapper json,
                            @Value("${custody.predictions.keep-raw-features:false}") boolean keepRawFeatures,
                            ReadYourWrites readModels,
                            @Value("${custody.ingest.max-read-model-lag:5000}") long maxLag,
                            @Value("${custody.ingest.max-backpressure-wait:2s}") Duration maxWait) {
        this.lookups = lookups;
        this.appender = appender;
        this.json = json;
        this.keepRawFeatures = keepRawFeatures;
        this.readModels = readModels;
        this.maxLag = maxLag;
        this.maxWait = maxWait;
    }

    private record Candidate(int index, String key, String stream, long sequence, Object payload, Instant eventTime) {
    }

    public IngestReply predictions(String environment, String service, List<JsonNode> items, Caller caller) {
        Environment env = parse("environment", () -> new Environment(environment));
        ServiceName svc = parse("service", () -> new ServiceName(service));
        List<LiveInterval> intervals = lookups.liveness(env, svc);
        ItemResult[] results = new ItemResult[items.size()];
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String key = text(item, "requestId");
            try {
                RequestId requestId = field("requestId", () -> new RequestId(key));
                Instant at = instant(item, "time");
                ModelVersionRef version = resolve(env, svc, intervals, at, item.get("modelVersion"));
                PredictionRecorded event = new PredictionRecorded(env, svc, requestId, version, at,
                        featuresDigest(item), keepRawFeatures ? item.get("features") : null,
                        required(item, "output"), item.get("explanation"));
                String stream = Streams.prediction(env, svc, requestId);
                if (seen.putIfAbsent(stream, i) != null) {
                    results[i] = ItemResult.duplicate(i, key, "request id repeated in this batch (item " + seen.get(stream) + ")");
                    continue;
                }
                candidates.add(new Candidate(i, key, stream, 0, event, at));
            } catch (CustodyException e) {
                results[i] = ItemResult.rejected(i, key, e);
            }
        }
        return commit(candidates, results, caller, existing -> existing >= 0 ? "request id already recorded" : null);
    }

    public IngestReply outcomes(String environment, String service, List<JsonNode> items, Caller caller) {
        Environment env = parse("environment", () -> new Environment(environment));
        ServiceName svc = parse("service", () -> new ServiceName(service));
        ItemResult[] results = new ItemResult[items.size()];
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String key = text(item, "requestId");
            try {
                RequestId requestId = field("requestId", () -> new RequestId(key));
                Instant at = instant(item, "time");
                OutcomeRecorded event = new OutcomeRecorded(env, svc, requestId, required(item, "outcome"), at);
                String stream = Streams.prediction(env, svc, requestId);
                if (seen.putIfAbsent(stream, i) != null) {
                    results[i] = ItemResult.duplicate(i, key, "request id repeated in this batch (item " + seen.get(stream) + ")");
                    continue;
                }
                candidates.add(new Candidate(i, key, stream, 1, event, at));
            } catch (CustodyException e) {
                results[i] = ItemResult.rejected(i, key, e);
            }
        }
        return commit(candidates, results, caller, existing -> existing >= 1 ? "outcome already recorded" : null);
    }

    private IngestReply commit(List<Candidate> candidates, ItemResult[] results, Caller caller,
                               java.util.function.LongFunction<String> duplicateReason) {
        List<Candidate> pending = candidates;
        if (!candidates.isEmpty()) {
            // A sender faster than the read models is slowed to their pace rather than let them fall
            // minutes behind what it has been acknowledged (docs/ingest.md, "Backpressure").
            readModels.awaitLagWithin(appender.head(), maxLag, maxWait);
        }
        for (int attempt = 1; ; attempt++) {
            Map<String, Long> last = appender.lastSequences(pending.stream().map(Candidate::stream).toList());
            List<Candidate> fresh = new ArrayList<>();
            for (Candidate c : pending) {
                long existing = last.getOrDefault(c.stream(), -1L);
                String duplicate = duplicateReason.apply(existing);
                if (duplicate != null) {
                    results[c.index()] = ItemResult.duplicate(c.index(), c.key(), duplicate);
                } else if (existing < c.sequence() - 1) {
                    results[c.index()] = ItemResult.rejected(c.index(), c.key(), CustodyException.notFound("requestId",
                            "no prediction with request id " + c.key() + " was recorded on this deployment"));
                } else {
                    fresh.add(c);
                }
            }
            try {
                appender.append(fresh.stream().map(c -> new GenericDomainEventMessage<>(PREDICTION_TYPE, c.stream(),
                        c.sequence(), c.payload(), metadata(caller, c.eventTime()))).toList());
                fresh.forEach(c -> results[c.index()] = ItemResult.accepted(c.index(), c.key()));
                return IngestReply.of(List.of(results), appender.head());
            } catch (ConcurrencyException e) {
                // A concurrent batch recorded some of the same request ids first: re-check and retry the rest.
                if (attempt == MAX_ATTEMPTS) {
                    throw CustodyException.conflict(null, "concurrent batches kept recording the same request ids; retry");
                }
                pending = fresh;
            }
        }
    }

    private static MetaData metadata(Caller caller, Instant eventTime) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Metadata.ACTOR, caller.actor());
        meta.put(Metadata.SOURCE_SYSTEM, caller.sourceSystem());
        meta.put(Metadata.CORRELATION_ID, caller.correlationId());
        meta.put(Metadata.EVENT_TIME, eventTime.toString());
        return MetaData.from(meta);
    }

    /** Which version made the prediction: the one live on the deployment at its time. */
    private static ModelVersionRef resolve(Environment env, ServiceName svc, List<LiveInterval> intervals, Instant at,
                                           JsonNode named) {
        List<LiveInterval> live = intervals.stream().filter(i -> i.covers(at)).toList();
        if (named != null && !named.isNull()) {
            ModelVersionRef ref = field("modelVersion", () -> parseRef(named.asText()));
            if (live.stream().noneMatch(i -> i.modelVersion().equals(ref))) {
                throw CustodyException.conflict("modelVersion", "model version " + ref + " was not live on "
                        + env + "/" + svc + " at " + at);
            }
            return ref;
        }
        if (live.isEmpty()) {
            throw CustodyException.conflict("time", "deployment " + env + "/" + svc + " was not live at " + at);
        }
        if (live.size() > 1) {
            throw CustodyException.badRequest("modelVersion", "deployment " + env + "/" + svc
                    + " served more than one version at " + at + " (canary); name the modelVersion as model#version");
        }
        return live.get(0).modelVersion();
    }

    static ModelVersionRef parseRef(String text) {
        int hash = text.lastIndexOf('#');
        if (hash < 1) {
            throw CustodyException.badRequest(null, "must be model#version, e.g. credit-risk#17");
        }
        try {
            return new ModelVersionRef(new ModelName(text.substring(0, hash)), Integer.parseInt(text.substring(hash + 1)));
        } catch (NumberFormatException e) {
            throw CustodyException.badRequest(null, "must be model#version, e.g. credit-risk#17");
        }
    }

    private String featuresDigest(JsonNode item) {
        String given = text(item, "featuresDigest");
        if (given != null) {
            return field("featuresDigest", () -> new ContentDigest(given)).value();
        }
        JsonNode features = item.get("features");
        if (features == null || features.isNull()) {
            throw CustodyException.badRequest("features", "features or featuresDigest is required");
        }
        try {
            return ContentDigest.of(json.writeValueAsBytes(features)).value();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot digest features", e);
        }
    }

    private static JsonNode required(JsonNode item, String name) {
        JsonNode value = item.get(name);
        if (value == null || value.isNull()) {
            throw CustodyException.badRequest(name, "is required");
        }
        return value;
    }

    private static Instant instant(JsonNode item, String name) {
        String text = text(item, name);
        if (text == null) {
            throw CustodyException.badRequest(name, "is required (ISO-8601 instant, e.g. 2026-01-15T09:00:00Z)");
        }
        try {
            return IsoInstants.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw CustodyException.badRequest(name, "must be an ISO-8601 instant, e.g. 2026-01-15T09:00:00Z");
            }
        }
    }

    private static String text(JsonNode item, String name) {
        JsonNode value = item.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static <T> T field(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (CustodyException e) {
            throw e.atField(name);
        }
    }

    private static <T> T parse(String name, java.util.function.Supplier<T> parse) {
        // Batch-level parameters: a bad one fails the whole request rather than every item.
        return field(name, parse);
    }
}
