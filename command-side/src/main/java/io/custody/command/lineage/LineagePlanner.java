package io.custody.command.lineage;

import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.command.lineage.Parsed.ParsedDataset;
import io.custody.command.lineage.VersionLabelling.Label;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
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
import java.util.Set;

/**
 * Plans a chunk of OpenLineage events as a whole, touching nothing: which datasets and versions must be
 * registered, which version each dataset it names resolves to, and the commands in the order they run.
 * A later event sees what an earlier one registers, exactly as if the events had been sent one by one.
 */
final class LineagePlanner {

    static final TeamName OWNER = TeamName.of("openlineage");
    static final Tag DISCOVERED = Tag.of("openlineage");
    /** Marks a version whose digest Custody derived from its identity, not from its content. */
    static final Tag DERIVED_DIGEST = Tag.of("derived-digest");

    /** What Custody knows before the chunk: its datasets by name, and digests of versions by their key. */
    record Facts(Map<DatasetName, KnownDataset> known, Map<DatasetVersionKey, String> digests) {
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

    /** One command, the stream it writes, and its place in the lock order. */
    record Command(Object command, String stream, LockOrder order) {
    }

    /** What one event needs: its registrations (in lock order), its own command, and what it registers, said for the reply. */
    record EventPlan(List<Command> registrations, Command main, List<String> registered) {
    }

    /** A command as it runs, for the event at {@code event} in the chunk. */
    record Step(Command command, int event, boolean main) {
    }

    /** The chunk's plan: per event, and every command of it in lock order. */
    record Plan(List<EventPlan> events, List<Step> steps) {
    }

    private LineagePlanner() {
    }

    /** The dataset versions whose digests the plan needs to know. */
    static List<DatasetVersionKey> versionsToLookUp(List<Parsed> events, Map<DatasetName, KnownDataset> known) {
        Set<DatasetVersionKey> keys = new LinkedHashSet<>();
        for (Parsed event : events) {
            Map<ParsedDataset, Label> labels = labels(event, known);
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
        Map<DatasetName, KnownDataset> known = new HashMap<>(facts.known());
        Map<DatasetVersionKey, String> digests = new HashMap<>(facts.digests());
        List<EventPlan> plans = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < events.size(); k++) {
            EventPlan plan = planEvent(events.get(k), k, known, digests);
            plans.add(plan);
            for (Command registration : plan.registrations()) {
                steps.add(new Step(registration, k, false));
            }
            steps.add(new Step(plan.main(), k, true));
        }
        steps.sort(Comparator.comparing(step -> step.command().order(), LockOrder.ORDER));
        return new Plan(List.copyOf(plans), List.copyOf(steps));
    }

    /** Each dataset of the event (by identity: a dataset holds its facets, costly to hash) with its label. */
    private static Map<ParsedDataset, Label> labels(Parsed event, Map<DatasetName, KnownDataset> known) {
        Map<ParsedDataset, Label> labels = new IdentityHashMap<>();
        JobRunId run = event.producingRun();
        for (ParsedDataset d : event.inputs()) {
            labels.put(d, VersionLabelling.label(d, known.get(d.dataset()), run, false));
        }
        for (ParsedDataset d : event.outputs()) {
            labels.put(d, VersionLabelling.label(d, known.get(d.dataset()), run, true));
        }
        return labels;
    }

    /** Plans one event, then records in {@code known} and {@code digests} what its registrations make true. */
    private static EventPlan planEvent(Parsed event, int order, Map<DatasetName, KnownDataset> known,
                                       Map<DatasetVersionKey, String> digests) {
        List<ParsedDataset> inputs = event.inputs();
        List<ParsedDataset> outputs = event.outputs();
        Map<ParsedDataset, Label> labels = labels(event, known);
        List<LineageDataset> resolvedInputs = inputs.stream().map(d -> resolved(d, labels.get(d), digests)).toList();
        List<LineageDataset> resolvedOutputs = outputs.stream().map(d -> resolved(d, labels.get(d), digests)).toList();

        Set<DatasetName> datasetsToRegister = new LinkedHashSet<>();
        for (ParsedDataset d : inputs) {
            if (!known.containsKey(d.dataset())) {
                datasetsToRegister.add(d.dataset());
            }
        }
        for (ParsedDataset d : outputs) {
            if (!known.containsKey(d.dataset())) {
                datasetsToRegister.add(d.dataset());
            }
        }
        // Outputs first, so a version both read and written is registered as produced by this run.
        List<ParsedDataset> all = new ArrayList<>(outputs);
        all.addAll(inputs);
        String producedBy = event.producingRun() == null ? null : "jobRun:" + event.producingRun().value();
        Map<DatasetVersionKey, RegisterDatasetVersion> versionsToRegister = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            ParsedDataset d = all.get(i);
            boolean output = i < outputs.size();
            Label label = labels.get(d);
            KnownDataset dataset = known.get(d.dataset());
            if (label == null || (dataset != null && dataset.deprecated())) {
                // A deprecated dataset takes no new versions; the lineage still names the version.
                continue;
            }
            DatasetVersionKey key = DatasetVersionKey.of(d.dataset(), label.version());
            if (digests.containsKey(key) || versionsToRegister.containsKey(key)) {
                continue;
            }
            versionsToRegister.put(key, new RegisterDatasetVersion(d.dataset(), label.version(), d.location(),
                    VersionLabelling.derivedDigest(d.dataset(), label.version()), d.schema(),
                    output ? d.rowCount() : null, Set.of(DISCOVERED, DERIVED_DIGEST), List.of(),
                    output ? producedBy : null));
        }

        List<Command> registrations = new ArrayList<>();
        List<String> registered = new ArrayList<>();
        for (DatasetName name : datasetsToRegister) {
            ParsedDataset first = all.stream().filter(d -> d.dataset().equals(name)).findFirst().orElseThrow();
            RegisterDataset command = new RegisterDataset(name, OWNER, "Discovered through OpenLineage: namespace "
                    + first.namespace() + ", name " + first.name(), Set.of(DISCOVERED));
            registrations.add(new Command(command, command.streamId(),
                    new LockOrder(command.streamId(), Stage.REGISTER_DATASET, 0, "")));
            registered.add("dataset " + name);
            known.put(name, new KnownDataset(false, null));
        }
        for (RegisterDatasetVersion command : versionsToRegister.values()) {
            registrations.add(new Command(command, command.streamId(),
                    new LockOrder(command.streamId(), Stage.REGISTER_VERSION, order, command.version().value())));
            registered.add("dataset version " + DatasetVersionKey.of(command.dataset(), command.version()));
        }
        registrations.sort(Comparator.comparing(Command::order, LockOrder.ORDER));
        // In lock order, so of two new versions of one dataset the later one counts as its newest.
        versionsToRegister.values().stream().sorted(Comparator.comparing(RegisterDatasetVersion::streamId)
                .thenComparing(v -> v.version().value())).forEach(v -> {
                    digests.put(DatasetVersionKey.of(v.dataset(), v.version()), v.digest().value());
                    known.put(v.dataset(), new KnownDataset(false, v.version().value()));
                });
        Command main = new Command(event.command(resolvedInputs, resolvedOutputs), event.stream(),
                new LockOrder(event.stream(), Stage.RECORD_EVENT, order, ""));
        return new EventPlan(List.copyOf(registrations), main, List.copyOf(registered));
    }

    /** The dataset as the lineage names it: at its label's version, with a known digest or a derived one. */
    private static LineageDataset resolved(ParsedDataset d, Label label, Map<DatasetVersionKey, String> digests) {
        if (label == null) {
            return new LineageDataset(d.namespace(), d.name(), d.dataset(), null, null, null, d.facets(), d.ioFacets());
        }
        String knownDigest = digests.get(DatasetVersionKey.of(d.dataset(), label.version()));
        ContentDigest digest = knownDigest != null ? ContentDigest.of(knownDigest)
                : VersionLabelling.derivedDigest(d.dataset(), label.version());
        return new LineageDataset(d.namespace(), d.name(), d.dataset(), label.version(), digest, label.source(),
                d.facets(), d.ioFacets());
    }
}
