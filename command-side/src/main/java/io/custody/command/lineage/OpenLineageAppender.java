package io.custody.command.lineage;

import io.custody.command.api.Caller;
import io.custody.command.api.ClientEventIdGuard;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.api.ConcurrentAppend;
import io.custody.command.api.StreamHeads;
import io.custody.command.store.StreamPositions;
import io.custody.command.ingest.ItemResult;
import io.custody.command.lineage.LineagePlanner.Facts;
import io.custody.command.lineage.LineagePlanner.Plan;
import io.custody.command.lineage.LineagePlanner.Step;
import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.errors.CustodyException;
import io.custody.values.DatasetName;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Stores a chunk of parsed OpenLineage events in one unit of work and one database transaction: reads the
 * facts the plan needs, has {@link LineagePlanner} plan the chunk, and runs its commands in lock order, so
 * one commit (one WAL flush) and one multi-row append serve them all. An event refused by its own command
 * is rejected alone and the chunk is run again without it; a chunk that lost a concurrent append is
 * planned and run again from fresh facts.
 */
@Component
class OpenLineageAppender {

    static final int ATTEMPTS = 5;

    /** What a single event's reply needs beyond its batch result: what it registered, or why it was refused. */
    static final class Outcomes {
        final Map<Integer, List<String>> registered = new HashMap<>();
        final Map<Integer, RuntimeException> errors = new HashMap<>();
    }

    private final CommandDispatcher dispatcher;
    private final TransactionManager transactionManager;
    private final OpenLineageLookups lookups;
    private final JdbcTemplate jdbc;
    private final StreamPositions positions;

    OpenLineageAppender(CommandDispatcher dispatcher, TransactionManager transactionManager,
                        OpenLineageLookups lookups, JdbcTemplate jdbc, StreamPositions positions) {
        this.positions = positions;
        this.dispatcher = dispatcher;
        this.transactionManager = transactionManager;
        this.lookups = lookups;
        this.jdbc = jdbc;
    }

    /**
     * Stores {@code pending} events (by index in the request) in one transaction, filling in their results
     * and adding the streams written to {@code streams}.
     */
    void store(Map<Integer, Parsed> pending, IntFunction<Caller> callers, ItemResult[] results,
               Set<String> streams, Outcomes outcomes) {
        for (int attempt = 1; !pending.isEmpty(); ) {
            Set<String> recorded = lookups.recorded(pending.values().stream().map(Parsed::clientEventId).toList());
            pending.entrySet().removeIf(e -> {
                if (recorded.contains(e.getValue().clientEventId())) {
                    results[e.getKey()] = ItemResult.duplicate(e.getKey(), e.getValue().key(), "already recorded");
                    return true;
                }
                return false;
            });
            if (pending.isEmpty()) {
                break;
            }
            List<Parsed> events = List.copyOf(pending.values());
            List<Integer> indexes = List.copyOf(pending.keySet());
            Plan plan = LineagePlanner.plan(events, facts(events));
            Step[] failed = new Step[1];
            try {
                Map<Integer, Boolean> changed = inOneTransaction(plan, events, k -> callers.apply(indexes.get(k)),
                        failed);
                changed.forEach((k, stored) -> {
                    int index = indexes.get(k);
                    Parsed event = events.get(k);
                    results[index] = stored ? ItemResult.accepted(index, event.key())
                            : ItemResult.duplicate(index, event.key(), "already recorded");
                    if (stored) {
                        outcomes.registered.put(index, plan.events().get(k).registered());
                    }
                    streams.add(event.stream());
                });
                break;
            } catch (RuntimeException e) {
                if (ConcurrentAppend.isConcurrentAppend(e)) {
                    if (attempt++ >= ATTEMPTS) {
                        pending.forEach((index, parsed) -> {
                            results[index] = ItemResult.rejected(index, parsed.key(), raceLost());
                            outcomes.errors.put(index, raceLost());
                        });
                        break;
                    }
                    continue;
                }
                CustodyException refused = CustodyException.in(e).orElse(null);
                if (refused == null || failed[0] == null) {
                    throw e;
                }
                // Only the event that needed the refused command is rejected; the rest go again.
                int index = indexes.get(failed[0].event());
                results[index] = ItemResult.rejected(index, events.get(failed[0].event()).key(), refused);
                outcomes.errors.put(index, refused);
                pending.remove(index);
            }
        }
    }

    /** What Custody knows of the datasets the events name, and of the versions they resolve to. */
    private Facts facts(List<Parsed> events) {
        Set<DatasetName> names = new LinkedHashSet<>();
        events.forEach(e -> {
            e.inputs().forEach(d -> names.add(d.dataset()));
            e.outputs().forEach(d -> names.add(d.dataset()));
        });
        Map<DatasetName, KnownDataset> known = lookups.datasets(names);
        return new Facts(known, lookups.versionDigests(LineagePlanner.versionsToLookUp(events, known)));
    }

    /**
     * Runs the plan's steps in one unit of work and transaction; answers, per event (by index in the
     * chunk), whether its own command stored anything. The step that failed, if one did, is left in
     * {@code failed}.
     */
    private Map<Integer, Boolean> inOneTransaction(Plan plan, List<Parsed> events, IntFunction<Caller> callers,
                                                   Step[] failed) {
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactionManager);
        Map<Integer, Boolean> changed = new LinkedHashMap<>();
        uow.execute(() -> {
            // One statement each, for what every command would otherwise ask the database on its own.
            Map<String, String> claims = new LinkedHashMap<>();
            Set<String> streams = new LinkedHashSet<>();
            for (Step step : plan.steps()) {
                streams.add(step.command().stream());
                if (step.main()) {
                    claims.put(events.get(step.event()).clientEventId(),
                            step.command().command().getClass().getName());
                }
            }
            ClientEventIdGuard.claimAll(jdbc, uow, claims);
            StreamHeads.read(positions, uow, streams);
            for (Step step : plan.steps()) {
                Parsed event = events.get(step.event());
                try {
                    Object result = dispatcher.execute(step.command().command(), callers.apply(step.event()),
                            step.main() ? event.clientEventId() : null, event.eventTime().toString());
                    if (step.main()) {
                        // Every handler here answers false for a repeat, and so does the client-event-id guard.
                        changed.put(step.event(), !Boolean.FALSE.equals(result));
                    }
                } catch (RuntimeException e) {
                    failed[0] = step;
                    throw e;
                }
            }
        });
        return changed;
    }

    private static CustodyException raceLost() {
        return CustodyException.conflict(null, "other events about the same datasets were recorded at the same "
                + "moment, " + ATTEMPTS + " times over; re-send");
    }
}
