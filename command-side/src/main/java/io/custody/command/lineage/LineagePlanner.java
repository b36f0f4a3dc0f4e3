package io.custody.command.lineage;

import io.custody.command.api.AggregateTypes;
import io.custody.command.api.ClientEventIdGuard;
import io.custody.command.dataset.DatasetRules;
import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.command.lineage.OpenLineageLookups.KnownRun;
import io.custody.command.lineage.Parsed.ParsedDataset;
import io.custody.command.lineage.Parsed.Recorded;
import io.custody.command.lineage.VersionLabelling.Label;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.errors.CustodyException;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.JobRunId;
import io.custody.values.LineageDataset;
import io.custody.values.Tag;
import io.custody.values.TeamName;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans a chunk of OpenLineage events as a whole, touching nothing: which datasets and versions must be
 * registered, which version each dataset an event names resolves to, and the events that record it all,
 * judged by the aggregates' own rules ({@link DatasetRules}, {@link LineageRules}) against the facts read
 * before, each at the sequence number it takes in its stream. A later event sees what an earlier one records,
 * exactly as if the events had been sent one by one; a refused event leaves nothing behind.
 */
final class LineagePlanner {

    static final TeamName OWNER = TeamName.of("openlineage");
    static final Tag DISCOVERED = Tag.of("openlineage");
    /** Marks a version whose digest Custody derived from its identity, not from its content. */
    static final Tag DERIVED_DIGEST = Tag.of("derived-digest");

    /**
     * What Custody knows before the chunk: its datasets by name, digests of versions by their key, its runs,
     * the command type of each client event id recorded, and each stream's newest sequence number.
     */
    record Facts(Map<DatasetName, KnownDataset> known, Map<DatasetVersionKey, String> digests,
                 Map<JobRunId, KnownRun> runs, Map<String, String> recorded, Map<String, Long> heads) {
    }

    /**
     * Where a command stands in the order every request takes its streams' locks (so no two deadlock): by
     * stream, then a dataset's registration before its versions before an event's own command, then by event.
     */
    record LockOrder(String stream, Stage stage, int event, String version) {

        static final Comparator<LockOrder> ORDER = Comparator.comparing(LockOrder::stream)
                .thenComparing(LockOrder::stage).thenComparingInt(LockOrder::event)
                .thenComparing(LockOrder::version);
    }

    enum Stage { REGISTER_DATASET, REGISTER_VERSION, RECORD_EVENT }

    /**
     * An event to append, recorded by command number {@code command} of the plan, for the event at
     * {@code event} in the chunk ({@code main}: by that event's own command, not a registration it needs).
     */
    record PlannedEvent(int event, int command, boolean main, String type, String stream, long sequence,
                        Object payload) {
    }

    enum Status { STORED, DUPLICATE, REFUSED }

    /**
     * What becomes of one event: stored (with what it registered, said for the reply), a duplicate, or
     * refused with the rule it breaks. {@code claim} is the command type its client event id is claimed for,
     * null when it claims none.
     */
    record Outcome(Status status, List<String> registered, CustodyException refusal, String claim) {
    }

    /** The chunk's plan: an outcome per event, and every event to append in lock order. */
    record Plan(List<Outcome> outcomes, List<PlannedEvent> events) {
    }

    /** A command the plan keeps: its events, its stream and type, and the event that needs it. */
    private record Decided(int event, boolean main, String type, String stream, LockOrder order, List<?> events) {
    }

    /** A registration an event needs, and how the dataset's rules judge it (making its events true). */
    private record Registration(String stream, LockOrder order, Function<LineageState, List<?>> judge) {
    }

    private LineagePlanner() {
    }

    /** The dataset versions whose digests the plan needs to know. */
    static List<DatasetVersionKey> versionsToLookUp(List<Parsed> events, Map<DatasetName, KnownDataset> known) {
        Set<DatasetVersionKey> keys = new LinkedHashSet<>();
        for (Parsed event : events) {
            Map<ParsedDataset, Label> labels = labels(event, known::get);
            List<ParsedDataset> datasets = new ArrayList<>(event.inputs());
            datasets.addAll(event.outputs());
            for (ParsedDataset d : datasets) {
                Label label = labels.get(d);
                if (label != null) {
                    keys.add(DatasetVersionKey.of(d.dataset(), label.version()));
                }
            }
        }
        return List.copyOf(keys);
    }

    static Plan plan(List<Parsed> events, Facts facts) {
        LineageState state = new LineageState(facts);
        List<Outcome> outcomes = new ArrayList<>();
        List<Decided> decided = new ArrayList<>();
        for (int k = 0; k < events.size(); k++) {
            List<Decided> mine = new ArrayList<>();
            state.mark();
            try {
                outcomes.add(planEvent(events.get(k), k, state, mine));
                decided.addAll(mine);
            } catch (CustodyException refused) {
                state.rollback();
                outcomes.add(new Outcome(Status.REFUSED, List.of(), refused, null));
            }
        }
        decided.sort(Comparator.comparing(Decided::order, LockOrder.ORDER));
        Map<String, Long> next = new HashMap<>();
        List<PlannedEvent> planned = new ArrayList<>();
        for (int c = 0; c < decided.size(); c++) {
            Decided d = decided.get(c);
            for (Object payload : d.events()) {
                long sequence = next.computeIfAbsent(d.stream(), s -> facts.heads().getOrDefault(s, -1L) + 1);
                next.put(d.stream(), sequence + 1);
                planned.add(new PlannedEvent(d.event(), c, d.main(), d.type(), d.stream(), sequence, payload));
            }
        }
        return new Plan(List.copyOf(outcomes), List.copyOf(planned));
    }

    /** Each dataset of the event (by identity: a dataset holds its facets, costly to hash) with its label. */
    private static Map<ParsedDataset, Label> labels(Parsed event, Function<DatasetName, KnownDataset> known) {
        Map<ParsedDataset, Label> labels = new IdentityHashMap<>();
        JobRunId run = event.producingRun();
        for (ParsedDataset d : event.inputs()) {
            labels.put(d, VersionLabelling.label(d, known.apply(d.dataset()), run, false));
        }
        for (ParsedDataset d : event.outputs()) {
            labels.put(d, VersionLabelling.label(d, known.apply(d.dataset()), run, true));
        }
        return labels;
    }

    /**
     * Plans one event into {@code decided}, and makes true in {@code state} what it records; a rule it
     * breaks is thrown, leaving the caller to take its changes back.
     */
    private static Outcome planEvent(Parsed event, int k, LineageState state, List<Decided> decided) {
        String clientEventId = event.clientEventId();
        ClientEventIdGuard.checkLength(clientEventId);
        String recordedType = state.recordedType(clientEventId);
        List<ParsedDataset> inputs = event.inputs();
        List<ParsedDataset> outputs = event.outputs();
        Map<ParsedDataset, Label> labels = labels(event, state::dataset);
        List<LineageDataset> resolvedInputs = inputs.stream().map(d -> resolved(d, labels.get(d), state)).toList();
        List<LineageDataset> resolvedOutputs = outputs.stream().map(d -> resolved(d, labels.get(d), state)).toList();
        String commandType = event.command(resolvedInputs, resolvedOutputs).getClass().getName();
        if (recordedType != null) {
            if (!recordedType.equals(commandType)) {
                throw ClientEventIdGuard.usedFor(clientEventId, recordedType);
            }
            return new Outcome(Status.DUPLICATE, List.of(), null, null);
        }

        // Outputs first, so a version both read and written is registered as produced by this run.
        List<ParsedDataset> all = new ArrayList<>(outputs);
        all.addAll(inputs);
        Set<DatasetName> datasetsToRegister = new LinkedHashSet<>();
        for (ParsedDataset d : inputs) {
            if (state.dataset(d.dataset()) == null) {
                datasetsToRegister.add(d.dataset());
            }
        }
        for (ParsedDataset d : outputs) {
            if (state.dataset(d.dataset()) == null) {
                datasetsToRegister.add(d.dataset());
            }
        }
        String producedBy = event.producingRun() == null ? null : "jobRun:" + event.producingRun().value();
        Map<DatasetVersionKey, RegisterDatasetVersion> versionsToRegister = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            ParsedDataset d = all.get(i);
            boolean output = i < outputs.size();
            Label label = labels.get(d);
            KnownDataset dataset = state.dataset(d.dataset());
            if (label == null || (dataset != null && dataset.deprecated())) {
                // A deprecated dataset takes no new versions; the lineage still names the version.
                continue;
            }
            DatasetVersionKey key = DatasetVersionKey.of(d.dataset(), label.version());
            if (state.digest(key) != null || versionsToRegister.containsKey(key)) {
                continue;
            }
            versionsToRegister.put(key, new RegisterDatasetVersion(d.dataset(), label.version(), d.location(),
                    VersionLabelling.derivedDigest(d.dataset(), label.version()), d.schema(),
                    output ? d.rowCount() : null, Set.of(DISCOVERED, DERIVED_DIGEST), List.of(),
                    output ? producedBy : null));
        }

        List<String> registered = new ArrayList<>();
        List<Registration> registrations = new ArrayList<>();
        for (DatasetName name : datasetsToRegister) {
            ParsedDataset first = all.stream().filter(d -> d.dataset().equals(name)).findFirst().orElseThrow();
            RegisterDataset command = new RegisterDataset(name, OWNER, "Discovered through OpenLineage: namespace "
                    + first.namespace() + ", name " + first.name(), Set.of(DISCOVERED));
            registrations.add(new Registration(command.streamId(), new LockOrder(command.streamId(),
                    Stage.REGISTER_DATASET, 0, ""), s -> register(command, s)));
            registered.add("dataset " + name);
        }
        for (RegisterDatasetVersion command : versionsToRegister.values()) {
            registrations.add(new Registration(command.streamId(), new LockOrder(command.streamId(),
                    Stage.REGISTER_VERSION, k, command.version().value()), s -> register(command, s)));
            registered.add("dataset version " + DatasetVersionKey.of(command.dataset(), command.version()));
        }
        // In lock order, so of two new versions of one dataset the later one counts as its newest.
        registrations.sort(Comparator.comparing(Registration::order, LockOrder.ORDER));
        for (Registration registration : registrations) {
            decided.add(new Decided(k, false, AggregateTypes.DATASET, registration.stream(), registration.order(),
                    registration.judge().apply(state)));
        }
        Recorded recorded = event.record(resolvedInputs, resolvedOutputs, state);
        decided.add(new Decided(k, true, event.aggregateType(), event.stream(),
                new LockOrder(event.stream(), Stage.RECORD_EVENT, k, ""), recorded.events()));
        state.claimed(clientEventId, commandType);
        // A command that records nothing is a repeat, its client event id claimed all the same.
        return recorded.events().isEmpty() ? new Outcome(Status.DUPLICATE, List.of(), null, commandType)
                : new Outcome(Status.STORED, List.copyOf(registered), null, commandType);
    }

    /** Registers a dataset not registered before (so there is no earlier registration to compare with). */
    private static List<?> register(RegisterDataset command, LineageState state) {
        Optional<DatasetRegistered> event = DatasetRules.register(command, null);
        event.ifPresent(state::registered);
        return event.stream().toList();
    }

    private static List<?> register(RegisterDatasetVersion command, LineageState state) {
        KnownDataset dataset = state.dataset(command.dataset());
        String digest = state.digest(DatasetVersionKey.of(command.dataset(), command.version()));
        Optional<DatasetVersionRegistered> event = DatasetRules.registerVersion(command, dataset != null,
                dataset != null && dataset.deprecated(), digest == null ? null : ContentDigest.of(digest));
        event.ifPresent(state::registered);
        return event.stream().toList();
    }

    /** The dataset as the lineage names it: at its label's version, with a known digest or a derived one. */
    private static LineageDataset resolved(ParsedDataset d, Label label, LineageState state) {
        if (label == null) {
            return new LineageDataset(d.namespace(), d.name(), d.dataset(), null, null, null, d.facets(), d.ioFacets());
        }
        String knownDigest = state.digest(DatasetVersionKey.of(d.dataset(), label.version()));
        ContentDigest digest = knownDigest != null ? ContentDigest.of(knownDigest)
                : VersionLabelling.derivedDigest(d.dataset(), label.version());
        return new LineageDataset(d.namespace(), d.name(), d.dataset(), label.version(), digest, label.source(),
                d.facets(), d.ioFacets());
    }
}
