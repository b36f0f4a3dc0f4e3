package io.custody.command.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.command.api.Caller;
import io.custody.command.api.ReadYourWrites;
import io.custody.command.ingest.IngestReply;
import io.custody.command.ingest.ItemResult;
import io.custody.command.lineage.GroupCommit.Pending;
import io.custody.command.lineage.OpenLineageAppender.Outcomes;
import io.custody.errors.CustodyException;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * {@code POST /api/v1/lineage} and {@code /api/v1/lineage/batch}: OpenLineage events become Custody
 * events, each event all or nothing, in three stages.
 *
 * <ol>
 * <li>{@link OpenLineageParser} checks the whole event first; a problem answers 400 with its JSON path (in a
 * batch: rejects that item, naming the path), and nothing of it is sent.</li>
 * <li>{@link LineagePlanner} resolves each dataset an event names to a Custody dataset version
 * ({@link VersionLabelling}) and plans the registrations of datasets and versions Custody does not know yet,
 * as if a person had made them, through the dataset's own rules.</li>
 * <li>{@link OpenLineageAppender} stores a chunk's commands in one transaction. The event itself is recorded
 * under the client event id {@code openlineage:<runId>:<eventType>:<eventTime>}: a re-sent event is
 * acknowledged, not recorded twice.</li>
 * </ol>
 * Single events from concurrent requests share a transaction ({@link GroupCommit}); a batch is stored in
 * chunks of {@link #TRANSACTION_EVENTS}.
 */
@Component
public class OpenLineageIngest {

    /** Events in one batch request. */
    public static final int MAX_BATCH = 1_000;
    /**
     * Events stored per transaction. A transaction holds the locks of every stream it touches until it
     * commits, and Axon gathers a unit of work's staged events in a list it scans once per aggregate load;
     * a few dozen events keep both short while sharing a commit among many.
     */
    static final int TRANSACTION_EVENTS = 50;

    /** What the endpoint answers. */
    public record Reply(String status, String eventType, String stream, long position, List<String> registered) {
    }

    /** A single event and its caller, as it waits for its group. */
    private record Single(Parsed parsed, Caller caller) {
    }

    /** What became of a single event: its result, what it registered, and its stream's newest position (-1: none). */
    private record SingleOutcome(ItemResult result, List<String> registered, long position) {
    }

    private final ReadYourWrites readYourWrites;
    private final OpenLineageAppender appender;
    private final OpenLineageLookups lookups;
    private final GroupCommit<Single, SingleOutcome> singles =
            new GroupCommit<>(TRANSACTION_EVENTS, this::storeGroup);

    OpenLineageIngest(ReadYourWrites readYourWrites, OpenLineageAppender appender, OpenLineageLookups lookups) {
        this.readYourWrites = readYourWrites;
        this.appender = appender;
        this.lookups = lookups;
    }

    /**
     * One event, answered on its own. Events arriving together from concurrent requests are stored
     * together, each still judged alone; the reply comes once its transaction has committed.
     */
    public Reply ingest(JsonNode body, Caller caller, boolean awaitReadModels) {
        Parsed parsed = OpenLineageParser.parse(body);
        SingleOutcome outcome = singles.submit(new Single(parsed, caller));
        if (outcome.result().status() == ItemResult.Status.ACCEPTED) {
            if (awaitReadModels) {
                readYourWrites.await(outcome.position());
            }
            return new Reply("ACCEPTED", parsed.type(), parsed.stream(), outcome.position(), outcome.registered());
        }
        return new Reply("DUPLICATE", parsed.type(), parsed.stream(), outcome.position(), List.of());
    }

    /** Stores a group of single events as one chunk; each gets its own outcome, or the error they share. */
    private void storeGroup(List<Pending<Single, SingleOutcome>> group) {
        ItemResult[] results = new ItemResult[group.size()];
        Outcomes outcomes = new Outcomes();
        Map<Integer, Parsed> parsed = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            parsed.put(i, group.get(i).item().parsed());
        }
        // The same event sent twice at once: one of them stores it, the other is its duplicate.
        Map<Integer, Parsed> pending = firstOfEach(parsed, results, first -> "already recorded");
        appender.store(pending, i -> group.get(i).item().caller(), results, new LinkedHashSet<>(), outcomes);
        // Every reply names its stream's newest position: one query for the group, not one per request.
        Map<String, Long> heads = lookups.heads(group.stream().map(p -> p.item().parsed().stream()).distinct()
                .toList());
        for (int i = 0; i < group.size(); i++) {
            Pending<Single, SingleOutcome> p = group.get(i);
            RuntimeException refused = outcomes.errors.get(i);
            if (refused != null) {
                p.outcome().completeExceptionally(refused);
            } else {
                p.outcome().complete(new SingleOutcome(results[i], outcomes.registered.getOrDefault(i, List.of()),
                        heads.getOrDefault(p.item().parsed().stream(), -1L)));
            }
        }
    }

    /**
     * A batch of events, each judged on its own: accepted, a duplicate (recorded before, or repeated in
     * the batch), or rejected with its JSON path and rule. The accepted ones are stored in chunks before
     * the reply. The reply's position is the newest of their streams' events.
     */
    public IngestReply ingestBatch(List<JsonNode> bodies, Caller caller, boolean awaitReadModels) {
        ItemResult[] results = new ItemResult[bodies.size()];
        Map<Integer, Parsed> parsed = new LinkedHashMap<>();
        for (int i = 0; i < bodies.size(); i++) {
            try {
                parsed.put(i, OpenLineageParser.parse(bodies.get(i)));
            } catch (CustodyException e) {
                results[i] = ItemResult.rejected(i, rawKey(bodies.get(i)), e);
            }
        }
        Map<Integer, Parsed> pending = firstOfEach(parsed, results,
                first -> "repeated in this batch (item " + first + ")");
        Set<String> streams = new LinkedHashSet<>();
        List<Integer> order = List.copyOf(pending.keySet());
        for (int from = 0; from < order.size(); from += TRANSACTION_EVENTS) {
            Map<Integer, Parsed> chunk = new LinkedHashMap<>();
            order.subList(from, Math.min(order.size(), from + TRANSACTION_EVENTS))
                    .forEach(i -> chunk.put(i, pending.get(i)));
            appender.store(chunk, i -> caller, results, streams, new Outcomes());
        }
        long position = lookups.head(streams);
        if (awaitReadModels && position >= 0) {
            readYourWrites.await(position);
        }
        return IngestReply.of(List.of(results), position);
    }

    /**
     * The first event of each client event id, by index; a repeat is answered as a duplicate, the reason
     * given the index of the first.
     */
    private static Map<Integer, Parsed> firstOfEach(Map<Integer, Parsed> events, ItemResult[] results,
                                                    IntFunction<String> repeatReason) {
        Map<Integer, Parsed> first = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        events.forEach((i, event) -> {
            Integer earlier = seen.putIfAbsent(event.clientEventId(), i);
            if (earlier == null) {
                first.put(i, event);
            } else {
                results[i] = ItemResult.duplicate(i, event.key(), repeatReason.apply(earlier));
            }
        });
        return first;
    }

    /** The run id of an event that could not be read, if it has a textual one. */
    private static String rawKey(JsonNode body) {
        JsonNode runId = body == null ? null : body.path("run").get("runId");
        return runId != null && runId.isTextual() ? runId.asText() : null;
    }
}
