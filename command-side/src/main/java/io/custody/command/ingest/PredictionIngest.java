package io.custody.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.Caller;
import io.custody.command.api.ReadYourWrites;
import io.custody.command.ingest.StreamAppender.KeyTable;
import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.LiveInterval;
import io.custody.errors.CustodyException;
import io.custody.events.prediction.OutcomesRecorded;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.monitoring.BatchSketcher;
import io.custody.time.IsoInstants;
import io.custody.values.ContentDigest;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.OutcomeEntry;
import io.custody.values.PredictionEntry;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Records batches of predictions and outcomes for one deployment. Each item is judged on its own:
 * accepted, a duplicate of something already recorded (acknowledged, not stored again), or rejected
 * with the rule it broke. The accepted ones are committed together, as one event, before the reply, so
 * an acknowledged item survives a crash right after.
 */
@Component
public class PredictionIngest {

    public static final int MAX_BATCH = 10_000;
    /**
     * The most a prediction's {@code output} and {@code explanation} (or an outcome's {@code outcome}) may take
     * together, as JSON: a prediction is recorded, not archived, and hundreds share one event.
     */
    public static final int MAX_OUTPUT_BYTES = 64 * 1024;
    /** What one item costs in its event beyond its JSON values: request id, version, times, digest. */
    private static final int ITEM_OVERHEAD_BYTES = 256;
    /**
     * What one item may add to its event's sketches: each feature's KLL sketch stops growing at a few hundred
     * values, so this is an allowance for a batch's sketches spread over its items, not a bound per item.
     */
    private static final int SKETCH_BYTES_PER_ITEM = 64;
    private static final String PREDICTIONS_TYPE = "PredictionBatch";
    private static final String OUTCOMES_TYPE = "OutcomeBatch";

    private final CommandLookups lookups;
    private final StreamAppender appender;
    private final ObjectMapper json;
    private final boolean keepRawFeatures;
    private final ReadYourWrites readModels;
    private final long maxLag;
    private final int maxPerEvent;
    private final Duration maxWait;
    private final long maxEventBytes;

    public PredictionIngest(CommandLookups lookups, StreamAppender appender, ObjectMapper json,
                            @Value("${custody.predictions.keep-raw-features:false}") boolean keepRawFeatures,
                            ReadYourWrites readModels,
                            @Value("${custody.ingest.max-read-model-lag:10}") long maxLag,
                            @Value("${custody.ingest.max-backpressure-wait:2s}") Duration maxWait,
                            @Value("${custody.predictions.max-per-event:500}") int maxPerEvent,
                            @Value("${custody.event-store.max-event-size:1MB}") DataSize maxEventSize) {
        this.lookups = lookups;
        this.appender = appender;
        this.json = json;
        this.keepRawFeatures = keepRawFeatures;
        this.readModels = readModels;
        this.maxLag = maxLag;
        this.maxWait = maxWait;
        if (maxPerEvent < 1) {
            throw new IllegalArgumentException("custody.predictions.max-per-event must be at least 1, was " + maxPerEvent);
        }
        this.maxPerEvent = maxPerEvent;
        // Items are split into events by their size as well as their number, with room left for the metadata and
        // the JSON around them, so a batch of large items becomes more events rather than one too large to store.
        this.maxEventBytes = maxEventSize.toBytes() * 3 / 4;
    }

    private record Candidate<T>(int index, String key, T entry, long bytes) {
    }

    /** A prediction to record and what its batch's sketches are made of: its features, even when not kept raw. */
    private record Sketched(PredictionEntry entry, JsonNode features) {
    }

    /**
     * The batch event; its sketches cover the features {@code watched} names and the outputs, none when the
     * deployment has no monitor ({@code watched} null): a monitor folds only batches recorded after it was created.
     */
    private static PredictionsRecorded recorded(Environment env, ServiceName svc, List<Sketched> items,
                                                Set<String> watched) {
        List<PredictionEntry> entries = items.stream().map(Sketched::entry).toList();
        if (watched == null) {
            return new PredictionsRecorded(env, svc, entries, null);
        }
        List<BatchSketcher.Item> sketched = new ArrayList<>(items.size());
        for (Sketched s : items) {
            sketched.add(new BatchSketcher.Item(s.entry().predictedAt(), s.features(), s.entry().output()));
        }
        // Without features (digests only) outputs are still sketched: output drift needs no features.
        return new PredictionsRecorded(env, svc, entries, BatchSketcher.sketch(sketched, watched));
    }

    public IngestReply predictions(String environment, String service, List<JsonNode> items, Caller caller) {
        Environment env = parse("environment", () -> new Environment(environment));
        ServiceName svc = parse("service", () -> new ServiceName(service));
        List<LiveInterval> intervals = lookups.liveness(env, svc);
        Set<String> watched = lookups.monitoredFeatures(env, svc).<Set<String>>map(HashSet::new).orElse(null);
        ItemResult[] results = new ItemResult[items.size()];
        List<Candidate<Sketched>> candidates = new ArrayList<>();
        JsonBytes writer = new JsonBytes(json);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String key = text(item, "requestId");
            try {
                RequestId requestId = field("requestId", () -> new RequestId(key));
                Instant at = instant(item, "time");
                ModelVersionRef version = resolve(env, svc, intervals, at, item.get("modelVersion"));
                JsonNode output = required(item, "output");
                JsonNode explanation = item.get("explanation");
                long outputBytes = bytes(output, writer);
                long valueBytes = outputBytes + bytes(explanation, writer);
                if (valueBytes > MAX_OUTPUT_BYTES) {
                    throw CustodyException.badRequest(outputBytes > MAX_OUTPUT_BYTES ? "output" : "explanation",
                            "output and explanation may take at most " + MAX_OUTPUT_BYTES + " bytes together (got "
                                    + valueBytes + ")");
                }
                JsonNode features = keepRawFeatures ? item.get("features") : null;
                PredictionEntry entry = new PredictionEntry(requestId, version, at, featuresDigest(item, writer), features,
                        output, explanation);
                if (seen.putIfAbsent(key, i) != null) {
                    results[i] = ItemResult.duplicate(i, key, "request id repeated in this batch (item " + seen.get(key) + ")");
                    continue;
                }
                candidates.add(new Candidate<>(i, key, new Sketched(entry, item.get("features")),
                        valueBytes + bytes(features, writer) + ITEM_OVERHEAD_BYTES + SKETCH_BYTES_PER_ITEM));
            } catch (CustodyException e) {
                results[i] = ItemResult.rejected(i, key, e);
            }
        }
        return commit(KeyTable.PREDICTION, env, svc, candidates, results,
                (id, entries) -> new GenericDomainEventMessage<>(PREDICTIONS_TYPE, Streams.predictionBatch(env, svc, id), 0,
                        recorded(env, svc, entries, watched), metadata(caller), id.toString(),
                        GenericEventMessage.clock.instant()),
                "request id already recorded");
    }

    public IngestReply outcomes(String environment, String service, List<JsonNode> items, Caller caller) {
        Environment env = parse("environment", () -> new Environment(environment));
        ServiceName svc = parse("service", () -> new ServiceName(service));
        ItemResult[] results = new ItemResult[items.size()];
        List<Candidate<OutcomeEntry>> candidates = new ArrayList<>();
        JsonBytes writer = new JsonBytes(json);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String key = text(item, "requestId");
            try {
                RequestId requestId = field("requestId", () -> new RequestId(key));
                Instant at = instant(item, "time");
                JsonNode outcome = required(item, "outcome");
                long outcomeBytes = bytes(outcome, writer);
                if (outcomeBytes > MAX_OUTPUT_BYTES) {
                    throw CustodyException.badRequest("outcome", "may take at most " + MAX_OUTPUT_BYTES + " bytes (got "
                            + outcomeBytes + ")");
                }
                OutcomeEntry entry = new OutcomeEntry(requestId, outcome, at);
                if (seen.putIfAbsent(key, i) != null) {
                    results[i] = ItemResult.duplicate(i, key, "request id repeated in this batch (item " + seen.get(key) + ")");
                    continue;
                }
                candidates.add(new Candidate<>(i, key, entry, outcomeBytes + ITEM_OVERHEAD_BYTES));
            } catch (CustodyException e) {
                results[i] = ItemResult.rejected(i, key, e);
            }
        }
        return commit(KeyTable.OUTCOME, env, svc, candidates, results,
                (id, entries) -> new GenericDomainEventMessage<>(OUTCOMES_TYPE, Streams.outcomeBatch(env, svc, id), 0,
                        new OutcomesRecorded(env, svc, entries), metadata(caller), id.toString(),
                        GenericEventMessage.clock.instant()),
                "outcome already recorded");
    }

    /**
     * Records the batch's new items, as one event per {@code custody.predictions.max-per-event} items, in one
     * transaction. Which items are new is decided by the key table in that transaction, so two senders racing
     * with the same request ids record each once.
     */
    private <T> IngestReply commit(KeyTable keys, Environment env, ServiceName svc, List<Candidate<T>> candidates,
                                   ItemResult[] results, BiFunction<UUID, List<T>, DomainEventMessage<?>> eventOf,
                                   String duplicateReason) {
        if (candidates.isEmpty()) {
            return IngestReply.of(List.of(results), appender.head());
        }
        // A sender faster than the read models is slowed to their pace rather than let them fall minutes
        // behind what it has been acknowledged (docs/ingest.md, "Backpressure").
        readModels.awaitLagWithin(appender.head(), maxLag, maxWait);
        // Events of at most maxPerEvent items and within the event size limit, so an event stays a few hundred
        // kilobytes wherever it is held whole (the event store's cache, a processor's fetch). Several events take the items in request id
        // order, which is also the order their keys are inserted in.
        List<Candidate<T>> ordered = candidates.size() <= maxPerEvent
                && candidates.stream().mapToLong(Candidate::bytes).sum() <= maxEventBytes ? candidates
                : candidates.stream().sorted(Comparator.comparing(Candidate::key)).toList();
        List<StreamAppender.KeyedEvent> events = new ArrayList<>();
        for (int from = 0, to; from < ordered.size(); from = to) {
            long bytes = ordered.get(from).bytes();
            to = from + 1;
            while (to < ordered.size() && to - from < maxPerEvent && bytes + ordered.get(to).bytes() <= maxEventBytes) {
                bytes += ordered.get(to++).bytes();
            }
            List<Candidate<T>> part = ordered.subList(from, to);
            UUID eventId = UUID.randomUUID();
            events.add(new StreamAppender.KeyedEvent(eventId, part.stream().map(Candidate::key).toList(),
                    appender.serialize(eventOf.apply(eventId, part.stream().map(Candidate::entry).toList())),
                    recorded -> eventOf.apply(eventId, part.stream().filter(c -> recorded.contains(c.key()))
                            .map(Candidate::entry).toList())));
        }
        StreamAppender.KeyedAppend appended = appender.appendKeyed(keys, env.value(), svc.value(), events);
        for (Candidate<T> c : candidates) {
            if (appended.recorded().contains(c.key())) {
                results[c.index()] = ItemResult.accepted(c.index(), c.key());
            } else if (appended.taken().contains(c.key())) {
                results[c.index()] = ItemResult.duplicate(c.index(), c.key(), duplicateReason);
            } else {
                results[c.index()] = ItemResult.rejected(c.index(), c.key(), CustodyException.notFound("requestId",
                        "no prediction with request id " + c.key() + " was recorded on this deployment"));
            }
        }
        return IngestReply.of(List.of(results), appender.head());
    }

    // No reported event time: each prediction and outcome carries its own in the payload.
    private static MetaData metadata(Caller caller) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(Metadata.ACTOR, caller.actor());
        meta.put(Metadata.SOURCE_SYSTEM, caller.sourceSystem());
        meta.put(Metadata.CORRELATION_ID, caller.correlationId());
        return MetaData.from(meta);
    }

    /** Which version made the prediction: the one live on the deployment at its time. */
    private static ModelVersionRef resolve(Environment env, ServiceName svc, List<LiveInterval> intervals, Instant at,
                                           JsonNode named) {
        // Counted in a loop, not a stream: this runs for every prediction.
        LiveInterval only = null;
        int live = 0;
        for (LiveInterval i : intervals) {
            if (i.covers(at)) {
                only = i;
                live++;
            }
        }
        if (named != null && !named.isNull()) {
            ModelVersionRef ref = field("modelVersion", () -> parseRef(named.asText()));
            if (intervals.stream().noneMatch(i -> i.covers(at) && i.modelVersion().equals(ref))) {
                throw CustodyException.conflict("modelVersion", "model version " + ref + " was not live on "
                        + env + "/" + svc + " at " + at);
            }
            return ref;
        }
        if (live == 0) {
            throw CustodyException.conflict("time", "deployment " + env + "/" + svc + " was not live at " + at);
        }
        if (live > 1) {
            throw CustodyException.badRequest("modelVersion", "deployment " + env + "/" + svc
                    + " served more than one version at " + at + " (canary); name the modelVersion as model#version");
        }
        return only.modelVersion();
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

    private static String featuresDigest(JsonNode item, JsonBytes writer) {
        String given = text(item, "featuresDigest");
        if (given != null) {
            return field("featuresDigest", () -> new ContentDigest(given)).value();
        }
        JsonNode features = item.get("features");
        if (features == null || features.isNull()) {
            throw CustodyException.badRequest("features", "features or featuresDigest is required");
        }
        return ContentDigest.sha256Value(writer.of(features));
    }

    /** The size of a value as JSON; nothing for an absent one. */
    private static long bytes(JsonNode value, JsonBytes writer) {
        return value == null || value.isNull() ? 0 : writer.size(value);
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
