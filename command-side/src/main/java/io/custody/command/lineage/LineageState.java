package io.custody.command.lineage;

import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.command.lineage.OpenLineageLookups.KnownRun;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.JobRunState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LineagePlanner} knows while it plans a chunk: the facts read before it, and what the events
 * planned so far make true, as the aggregates' own state would after their events. The changes one event
 * makes can be taken back, so an event refused halfway leaves nothing behind for the next.
 */
final class LineageState {

    private final Map<DatasetName, KnownDataset> datasets;
    private final Map<DatasetVersionKey, String> digests;
    private final Map<JobRunId, KnownRun> runs;
    private final Map<String, String> recorded;
    /** How to take back each change since {@link #mark}, newest last. */
    private final List<Runnable> undo = new ArrayList<>();

    LineageState(LineagePlanner.Facts facts) {
        datasets = new HashMap<>(facts.known());
        digests = new HashMap<>(facts.digests());
        runs = new HashMap<>(facts.runs());
        recorded = new HashMap<>(facts.recorded());
    }

    /** The dataset, or null when it is not registered. */
    KnownDataset dataset(DatasetName name) {
        return datasets.get(name);
    }

    /** The digest the version is registered with, or null. */
    String digest(DatasetVersionKey version) {
        return digests.get(version);
    }

    /** The run, or null when nothing of it is recorded. */
    KnownRun run(JobRunId run) {
        return runs.get(run);
    }

    /** The type of the command a client event id was recorded for, or null when it was not. */
    String recordedType(String clientEventId) {
        return recorded.get(clientEventId);
    }

    void registered(DatasetRegistered event) {
        put(datasets, event.dataset(), new KnownDataset(false, null));
    }

    /** The version registered last counts as its dataset's newest, as its stream's sequence says. */
    void registered(DatasetVersionRegistered event) {
        put(digests, DatasetVersionKey.of(event.dataset(), event.version()), event.digest().value());
        KnownDataset dataset = datasets.get(event.dataset());
        put(datasets, event.dataset(), new KnownDataset(dataset != null && dataset.deprecated(),
                event.version().value()));
    }

    void reported(JobRunId run, JobRef job, JobRunState state) {
        KnownRun known = runs.get(run);
        put(runs, run, new KnownRun(job, LineageRules.ending(known == null ? null : known.ending(), state)));
    }

    void claimed(String clientEventId, String commandType) {
        put(recorded, clientEventId, commandType);
    }

    /** Starts a change that {@link #rollback} can take back. */
    void mark() {
        undo.clear();
    }

    /** Takes back every change since {@link #mark}. */
    void rollback() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        undo.clear();
    }

    private <K, V> void put(Map<K, V> map, K key, V value) {
        boolean had = map.containsKey(key);
        V previous = map.put(key, value);
        undo.add(had ? () -> map.put(key, previous) : () -> map.remove(key));
    }
}
