package io.custody.command.lineage;

import io.custody.command.api.Caller;
import io.custody.command.api.ClientEventIdGuard;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.api.ConcurrentAppend;
import io.custody.command.api.StreamLocks;
import io.custody.command.ingest.ItemResult;
import io.custody.command.lineage.LineagePlanner.Facts;
import io.custody.command.lineage.LineagePlanner.Outcome;
import io.custody.command.lineage.LineagePlanner.Plan;
import io.custody.command.lineage.LineagePlanner.PlannedEvent;
import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.command.store.EventAppender;
import io.custody.command.store.EventAppender.StreamEvent;
import io.custody.command.store.StreamPositions;
import io.custody.errors.CustodyException;
import io.custody.meta.Metadata;
import io.custody.meta.Streams;
import io.custody.values.DatasetName;
import io.custody.values.JobRunId;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Stores a chunk of parsed OpenLineage events in one unit of work and one database transaction: locks the
 * streams it writes, reads their heads and then the facts the plan needs, has {@link LineagePlanner} plan the
 * chunk, claims the client event ids and appends the planned events ({@link EventAppender}), so one commit
 * (one WAL flush) and one multi-row append serve them all, with no aggregate loaded. An event the plan refuses is rejected alone;
 * a chunk that lost a concurrent append is planned and stored again from fresh facts.
 */
@Component
class OpenLineageAppender {

    static final int ATTEMPTS = 5;

    /** What a single event's reply needs beyond its batch result: what it registered, or why it was refused. */
    static final class Outcomes {
        final Map<Integer, List<String>> registered = new LinkedHashMap<>();
        final Map<Integer, RuntimeException> errors = new LinkedHashMap<>();
    }

    /** An event refused as its events were appended (too large to store): the chunk goes again without it. */
    private static final class AppendRefused extends RuntimeException {
        final int event;
        final CustodyException refusal;

        AppendRefused(int event, CustodyException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.event = event;
            this.refusal = refusal;
        }
    }

    private final TransactionManager transactionManager;
    private final OpenLineageLookups lookups;
    private final JdbcTemplate jdbc;
    private final StreamPositions positions;
    private final EventAppender appender;
    private final StreamLocks locks;

    OpenLineageAppender(TransactionManager transactionManager, OpenLineageLookups lookups, JdbcTemplate jdbc,
                        StreamPositions positions, EventAppender appender, StreamLocks locks) {
        this.locks = locks;
        this.transactionManager = transactionManager;
        this.lookups = lookups;
        this.jdbc = jdbc;
        this.positions = positions;
        this.appender = appender;
    }

    /**
     * Stores {@code pending} events (by index in the request) in one transaction, filling in their results
     * and adding the streams written to {@code streams}.
     */
    void store(Map<Integer, Parsed> pending, IntFunction<Caller> callers, ItemResult[] results,
               Set<String> streams, Outcomes outcomes) {
        for (int attempt = 1; !pending.isEmpty(); ) {
            List<Parsed> events = List.copyOf(pending.values());
            List<Integer> indexes = List.copyOf(pending.keySet());
            try {
                Plan plan = inOneTransaction(events, k -> callers.apply(indexes.get(k)));
                for (int k = 0; k < events.size(); k++) {
                    answer(indexes.get(k), events.get(k), plan.outcomes().get(k), results, streams, outcomes);
                }
                break;
            } catch (AppendRefused e) {
                int index = indexes.get(e.event);
                results[index] = ItemResult.rejected(index, events.get(e.event).key(), e.refusal);
                outcomes.errors.put(index, e.refusal);
                pending.remove(index);
            } catch (RuntimeException e) {
                if (!ConcurrentAppend.isConcurrentAppend(e)) {
                    throw e;
                }
                if (attempt++ >= ATTEMPTS) {
                    pending.forEach((index, parsed) -> {
                        results[index] = ItemResult.rejected(index, parsed.key(), raceLost());
                        outcomes.errors.put(index, raceLost());
                    });
                    break;
                }
            }
        }
    }

    private static void answer(int index, Parsed event, Outcome outcome, ItemResult[] results, Set<String> streams,
                               Outcomes outcomes) {
        switch (outcome.status()) {
            case STORED -> {
                results[index] = ItemResult.accepted(index, event.key());
                outcomes.registered.put(index, outcome.registered());
                streams.add(event.stream());
            }
            case DUPLICATE -> {
                results[index] = ItemResult.duplicate(index, event.key(), "already recorded");
                if (outcome.claim() != null) {
                    streams.add(event.stream());
                }
            }
            case REFUSED -> {
                results[index] = ItemResult.rejected(index, event.key(), outcome.refusal());
                outcomes.errors.put(index, outcome.refusal());
            }
        }
    }

    /**
     * Plans the chunk once and stores its events in one unit of work and transaction. Before any lock: the
     * heads of every stream the chunk may write, then all facts, then the plan, which names the streams it
     * writes. Their locks ({@link StreamLocks}) are taken and their heads read again: unchanged heads mean no
     * event reached those streams since the facts were read (the lookup tables are written in the events'
     * transaction), so the plan stands; a moved head has the chunk planned anew from facts read after it. Heads
     * before facts: a writer elsewhere committing in between collides with this append on a stream's sequence
     * key, so no rule is judged on facts older than the heads the events are appended after.
     */
    private Plan inOneTransaction(List<Parsed> events, IntFunction<Caller> callers) {
        Map<String, Long> before = positions.newestSequences(mayWrite(events));
        Plan first = LineagePlanner.plan(events, facts(events, before));
        Set<String> streams = written(first);
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactionManager);
        Plan[] plan = new Plan[1];
        uow.execute(() -> {
            locks.lockAll(uow, streams);
            Map<String, Long> heads = positions.newestSequences(streams);
            plan[0] = unchanged(before, heads, streams) ? first : LineagePlanner.plan(events, facts(events, heads));
            if (!streams.containsAll(written(plan[0]))) {
                // What changed since the first plan makes the chunk write a stream it holds no lock of.
                throw new ConcurrencyException("the chunk now writes streams it did not lock");
            }
            Map<String, String> claims = new LinkedHashMap<>();
            for (int k = 0; k < events.size(); k++) {
                String claim = plan[0].outcomes().get(k).claim();
                if (claim != null) {
                    claims.put(events.get(k).clientEventId(), claim);
                }
            }
            if (ClientEventIdGuard.claim(jdbc, claims).size() < claims.size()) {
                // Claimed since the facts were read: a concurrent writer stored the same event.
                throw new ConcurrencyException("a client event id of the chunk was claimed concurrently");
            }
            append(plan[0].events(), events, callers);
        });
        return plan[0];
    }

    /** Every stream a plan of {@code events} can write: each event's own, and the datasets it names. */
    private static Set<String> mayWrite(List<Parsed> events) {
        Set<String> streams = new HashSet<>();
        for (Parsed e : events) {
            streams.add(e.stream());
            e.inputs().forEach(d -> streams.add(Streams.dataset(d.dataset())));
            e.outputs().forEach(d -> streams.add(Streams.dataset(d.dataset())));
        }
        return streams;
    }

    /** Whether each of {@code streams} has the same head (or none) in {@code before} and {@code after}. */
    private static boolean unchanged(Map<String, Long> before, Map<String, Long> after, Set<String> streams) {
        return streams.stream().allMatch(s -> Objects.equals(before.get(s), after.get(s)));
    }

    private static Set<String> written(Plan plan) {
        Set<String> streams = new HashSet<>();
        plan.events().forEach(e -> streams.add(e.stream()));
        return streams;
    }

    /** Appends the planned events, a command's events together with the metadata its command would carry. */
    private void append(List<PlannedEvent> planned, List<Parsed> events, IntFunction<Caller> callers) {
        for (int from = 0; from < planned.size(); ) {
            PlannedEvent first = planned.get(from);
            Parsed event = events.get(first.event());
            Map<String, Object> meta = CommandDispatcher.metaData(callers.apply(first.event()),
                    first.main() ? event.clientEventId() : null, event.eventTime().toString());
            // What the command message's id was on the command path: the cause of its events.
            meta.put(Metadata.CAUSATION_ID, UUID.randomUUID().toString());
            List<StreamEvent> command = new ArrayList<>();
            int to = from;
            for (; to < planned.size() && planned.get(to).command() == first.command(); to++) {
                PlannedEvent e = planned.get(to);
                command.add(new StreamEvent(e.type(), e.stream(), e.sequence(), e.payload(), meta));
            }
            try {
                appender.append(command);
            } catch (CustodyException refused) {
                throw new AppendRefused(first.event(), refused);
            }
            from = to;
        }
    }

    /** What Custody knows of the datasets and runs the events name, and of the versions they resolve to. */
    private Facts facts(List<Parsed> events, Map<String, Long> heads) {
        Set<JobRunId> runs = new LinkedHashSet<>();
        List<String> clientEventIds = new ArrayList<>();
        Set<DatasetName> names = new LinkedHashSet<>();
        events.forEach(e -> {
            if (e.producingRun() != null) {
                runs.add(e.producingRun());
            }
            clientEventIds.add(e.clientEventId());
            e.inputs().forEach(d -> names.add(d.dataset()));
            e.outputs().forEach(d -> names.add(d.dataset()));
        });
        Map<String, String> recorded = lookups.recorded(clientEventIds);
        Map<DatasetName, KnownDataset> known = lookups.datasets(names);
        return new Facts(known, lookups.versionDigests(LineagePlanner.versionsToLookUp(events, known)),
                lookups.runs(runs), recorded, heads);
    }

    private static CustodyException raceLost() {
        return CustodyException.conflict(null, "other events about the same datasets were recorded at the same "
                + "moment, " + ATTEMPTS + " times over; re-send");
    }
}
