package io.custody.command.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.command.api.ClientEventIdGuard;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.api.ReadYourWrites;
import io.custody.command.api.StreamHeads;
import io.custody.command.ingest.IngestReply;
import io.custody.command.ingest.ItemResult;
import io.custody.command.lineage.OpenLineageLookups.KnownDataset;
import io.custody.command.lineage.OpenLineageParser.Parsed;
import io.custody.command.lineage.OpenLineageParser.ParsedDataset;
import io.custody.command.lineage.OpenLineageParser.ParsedDatasetEvent;
import io.custody.command.lineage.OpenLineageParser.ParsedJob;
import io.custody.command.lineage.OpenLineageParser.ParsedRun;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.commands.lineage.DescribeDataset;
import io.custody.commands.lineage.DescribeJob;
import io.custody.commands.lineage.RecordJobRunEvent;
import io.custody.errors.CustodyException;
import io.custody.meta.Caller;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.JobRunReport;
import io.custody.values.LineageDataset;
import io.custody.values.Tag;
import io.custody.values.TeamName;
import io.custody.values.VersionLabel;
import io.custody.values.VersionSource;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * {@code POST /api/v1/lineage} and {@code /api/v1/lineage/batch}: OpenLineage events become Custody
 * events, each event all or nothing.
 *
 * <ol>
 * <li>The whole event is checked first ({@link OpenLineageParser}); a problem answers 400 with its JSON
 * path (in a batch: rejects that item, naming the path), and nothing of it is sent.</li>
 * <li>Each dataset it names is resolved to a Custody dataset version (docs/ingest.md says how a label
 * and digest are chosen when OpenLineage gives none), and datasets and versions Custody does not know
 * yet are registered: as if a person had, through the dataset's own rules.</li>
 * <li>The event itself is recorded by one command, under the client event id
 * {@code openlineage:<runId>:<eventType>:<eventTime>}: a re-sent event is acknowledged, not recorded
 * twice.</li>
 * </ol>
 * The commands of one event, or of a whole batch, run inside one unit of work and one database
 * transaction, so one commit (one WAL flush) and one multi-row append serve them all. Commands touch
 * streams in a fixed order (by stream id: every dataset stream before any job or job-run stream), so
 * concurrent requests cannot deadlock; one that loses a race for a new stream is re-resolved and retried.
 * In a batch, an event whose own command is refused (a run reported under a second job) is rejected
 * alone: the transaction is rolled back and the others are sent again without it.
 */
@Component
public class OpenLineageIngest {

    static final TeamName OWNER = TeamName.of("openlineage");
    static final Tag DISCOVERED = Tag.of("openlineage");
    /** Marks a version whose digest Custody derived from its identity, not from its content. */
    static final Tag DERIVED_DIGEST = Tag.of("derived-digest");
    static final VersionLabel UNVERSIONED = VersionLabel.of("unversioned");
    /** Events in one batch request; each batch is one transaction. */
    public static final int MAX_BATCH = 1_000;
    /**
     * Events of a batch stored per transaction. A transaction holds the locks of every stream it touches
     * until it commits, and Axon gathers a unit of work's staged events in a list it scans once per
     * aggregate load; a few dozen events keep both short while sharing a commit among many.
     */
    static final int TRANSACTION_EVENTS = 50;
    private static final int ATTEMPTS = 5;

    /** What the endpoint answers. */
    public record Reply(String status, String eventType, String stream, long position, List<String> registered) {
    }

    private record Plan(List<Command> registrations, Command main, List<String> registered) {
    }

    private record Command(Object command, String stream, String sortKey) {
    }

    /** One command of a unit of work, and the events (by index in the request) that need it. */
    private record Step(Command command, String clientEventId, String eventTime, Set<Integer> owners,
                        boolean main, Caller caller) {
    }

    private final CommandDispatcher dispatcher;
    private final ReadYourWrites readYourWrites;
    private final TransactionManager transactionManager;
    private final OpenLineageLookups lookups;
    private final JdbcTemplate jdbc;
    /** Single events waiting to be stored, and whether a request thread is storing a group now. */
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private boolean leading;

    OpenLineageIngest(CommandDispatcher dispatcher, ReadYourWrites readYourWrites,
                      TransactionManager transactionManager, OpenLineageLookups lookups, JdbcTemplate jdbc) {
        this.dispatcher = dispatcher;
        this.readYourWrites = readYourWrites;
        this.transactionManager = transactionManager;
        this.lookups = lookups;
        this.jdbc = jdbc;
    }

    /**
     * One event, answered on its own. Events arriving together from concurrent requests are stored
     * together (group commit): while one request's transaction runs, the next ones queue, and the first of
     * them stores all that queued in one transaction, each still judged alone. A lone request is stored at
     * once by its own thread, so it waits for no one.
     */
    public Reply ingest(JsonNode body, Caller caller, boolean awaitReadModels) {
        Parsed parsed = OpenLineageParser.parse(body);
        Queued mine = new Queued(parsed, caller);
        synchronized (queue) {
            queue.add(mine);
        }
        // Lead a group whenever no one else does, until this event's group has been stored (with more
        // than one group's worth queued ahead of it, that can take more than one turn).
        while (true) {
            synchronized (queue) {
                while (!mine.done() && leading) {
                    waitForTurn();
                }
                if (mine.done()) {
                    break;
                }
                leading = true;
            }
            List<Queued> group = new ArrayList<>();
            synchronized (queue) {
                while (!queue.isEmpty() && group.size() < TRANSACTION_EVENTS) {
                    group.add(queue.poll());
                }
            }
            try {
                storeGroup(group);
            } finally {
                synchronized (queue) {
                    leading = false;
                    queue.notifyAll();
                }
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
        String type = typeOf(parsed);
        String stream = streamOf(parsed);
        long position = mine.position;
        if (mine.result.status() == ItemResult.Status.ACCEPTED) {
            if (awaitReadModels) {
                readYourWrites.await(position);
            }
            return new Reply("ACCEPTED", type, stream, position, mine.registered);
        }
        return new Reply("DUPLICATE", type, stream, position, List.of());
    }

    /** An event waiting for its group, and what became of it. */
    private static final class Queued {
        final Parsed parsed;
        final Caller caller;
        volatile ItemResult result;
        volatile RuntimeException error;
        volatile List<String> registered = List.of();
        /** The newest position of the event's stream once its group was stored, -1 if it has none. */
        volatile long position = -1;

        Queued(Parsed parsed, Caller caller) {
            this.parsed = parsed;
            this.caller = caller;
        }

        boolean done() {
            return result != null || error != null;
        }
    }

    private void waitForTurn() {
        try {
            queue.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting to store an OpenLineage event", e);
        }
    }

    /** Stores a group of single events as one batch; each gets its own outcome, or the error they share. */
    private void storeGroup(List<Queued> group) {
        ItemResult[] results = new ItemResult[group.size()];
        Outcomes outcomes = new Outcomes();
        Map<Integer, Parsed> parsed = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            parsed.put(i, group.get(i).parsed);
        }
        // The same event sent twice at once: one of them stores it, the other is its duplicate.
        Map<Integer, Parsed> pending = firstOfEach(parsed, results, first -> "already recorded");
        Map<String, Long> heads;
        try {
            store(pending, i -> group.get(i).caller, results, new LinkedHashSet<>(), outcomes);
            // Every reply names its stream's newest position: one query for the group, not one per request.
            heads = lookups.heads(group.stream().map(q -> streamOf(q.parsed)).distinct().toList());
        } catch (RuntimeException e) {
            group.forEach(q -> q.error = e);
            return;
        } catch (Error e) {
            // Every event of the group must end, or its request would wait for ever.
            group.forEach(q -> q.error = new IllegalStateException("storing the event failed: " + e, e));
            throw e;
        }
        for (int i = 0; i < group.size(); i++) {
            Queued q = group.get(i);
            q.position = heads.getOrDefault(streamOf(q.parsed), -1L);
            q.registered = outcomes.registered.getOrDefault(i, List.of());
            RuntimeException refused = outcomes.errors.get(i);
            if (refused != null) {
                q.error = refused;
            } else {
                q.result = results[i];
            }
        }
    }

    /** What a single event's reply needs beyond its batch result: what it registered, or why it was refused. */
    private static final class Outcomes {
        final Map<Integer, List<String>> registered = new HashMap<>();
        final Map<Integer, RuntimeException> errors = new HashMap<>();
    }

    /**
     * A batch of events, each judged on its own: accepted, a duplicate (recorded before, or repeated in
     * the batch), or rejected with its JSON path and rule. The accepted ones are stored in one transaction
     * before the reply. The reply's position is the newest of their streams' events.
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
            order.subList(from, Math.min(order.size(), from + TRANSACTION_EVENTS)).forEach(i -> chunk.put(i,
                    pending.get(i)));
            store(chunk, i -> caller, results, streams, new Outcomes());
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
            Integer earlier = seen.putIfAbsent(clientEventId(event), i);
            if (earlier == null) {
                first.put(i, event);
            } else {
                results[i] = ItemResult.duplicate(i, keyOf(event), repeatReason.apply(earlier));
            }
        });
        return first;
    }

    /**
     * Stores {@code pending} events in one transaction, filling in their results; an event refused by its
     * own command is rejected and the transaction is run again without it.
     */
    private void store(Map<Integer, Parsed> pending, IntFunction<Caller> callers, ItemResult[] results,
                       Set<String> streams, Outcomes outcomes) {
        for (int attempt = 1; !pending.isEmpty(); ) {
            Set<String> recorded = lookups.recorded(pending.values().stream().map(OpenLineageIngest::clientEventId)
                    .toList());
            pending.entrySet().removeIf(e -> {
                if (recorded.contains(clientEventId(e.getValue()))) {
                    results[e.getKey()] = ItemResult.duplicate(e.getKey(), keyOf(e.getValue()), "already recorded");
                    return true;
                }
                return false;
            });
            if (pending.isEmpty()) {
                break;
            }
            List<Parsed> events = List.copyOf(pending.values());
            List<Integer> indexes = List.copyOf(pending.keySet());
            Facts facts = Facts.load(lookups, events);
            List<Plan> plans = new ArrayList<>();
            for (int k = 0; k < events.size(); k++) {
                plans.add(plan(events.get(k), facts, k));
            }
            Step[] failed = new Step[1];
            try {
                Map<Step, Boolean> changed = inOneTransaction(steps(plans, events, k -> callers.apply(indexes.get(k))),
                        failed);
                changed.forEach((step, stored) -> {
                    int k = step.owners().iterator().next();
                    int index = indexes.get(k);
                    results[index] = stored ? ItemResult.accepted(index, keyOf(events.get(k)))
                            : ItemResult.duplicate(index, keyOf(events.get(k)), "already recorded");
                    if (stored) {
                        outcomes.registered.put(index, plans.get(k).registered());
                    }
                    streams.add(step.command().stream());
                });
                break;
            } catch (RuntimeException e) {
                if (lostARace(e)) {
                    if (attempt++ >= ATTEMPTS) {
                        pending.forEach((index, parsed) -> {
                            results[index] = ItemResult.rejected(index, keyOf(parsed), raceLost());
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
                // Only the events that needed the refused command are rejected; the rest go again.
                for (int k : failed[0].owners()) {
                    results[indexes.get(k)] = ItemResult.rejected(indexes.get(k), keyOf(events.get(k)), refused);
                    outcomes.errors.put(indexes.get(k), refused);
                    pending.remove(indexes.get(k));
                }
            }
        }
    }

    /**
     * The commands of the plans in the order they must run: by stream id (every stream is locked in the
     * same order by every request), a dataset's registration before its versions, versions and an event's
     * own reports in the order of the events.
     */
    private static List<Step> steps(List<Plan> plans, List<Parsed> events, IntFunction<Caller> callers) {
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < plans.size(); k++) {
            Plan plan = plans.get(k);
            String eventTime = events.get(k).eventTime().toString();
            Caller caller = callers.apply(k);
            for (Command registration : plan.registrations()) {
                steps.add(new Step(registration, null, eventTime, Set.of(k), false, caller));
            }
            steps.add(new Step(plan.main(), clientEventId(events.get(k)), eventTime, Set.of(k), true, caller));
        }
        steps.sort(Comparator.comparing(step -> step.command().sortKey()));
        return steps;
    }

    /** Runs the steps in one unit of work and transaction; answers, per event's own command, whether it stored anything. */
    private Map<Step, Boolean> inOneTransaction(List<Step> steps, Step[] failed) {
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactionManager);
        // By identity: a step's command holds the event's facets, too deep to hash for nothing.
        Map<Step, Boolean> changed = new IdentityHashMap<>();
        uow.execute(() -> {
            // One statement each, for what every command would otherwise ask the database on its own.
            Map<String, String> claims = new LinkedHashMap<>();
            Set<String> streams = new LinkedHashSet<>();
            for (Step step : steps) {
                streams.add(step.command().stream());
                if (step.clientEventId() != null) {
                    claims.put(step.clientEventId(), step.command().command().getClass().getName());
                }
            }
            ClientEventIdGuard.claimAll(jdbc, uow, claims);
            StreamHeads.read(jdbc, uow, streams);
            for (Step step : steps) {
                try {
                    Object result = dispatcher.execute(step.command().command(), step.caller(), step.clientEventId(),
                            step.eventTime());
                    if (step.main()) {
                        // Every handler here answers false for a repeat, and so does the client-event-id guard.
                        changed.put(step, !Boolean.FALSE.equals(result));
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

    /** A concurrent writer took a stream sequence, a lock or a new dataset's name first: worth another try. */
    private static boolean lostARace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException
                    || t instanceof DuplicateKeyException || t instanceof ConcurrencyFailureException
                    || t instanceof DeadlockException || t instanceof LockAcquisitionFailedException) {
                return true;
            }
            if (t instanceof CustodyException c && c.code() == io.custody.errors.ErrorCode.CONFLICT
                    && c.field() != null && c.field().startsWith("input.")) {
                // A dataset registered by someone else between the lookup and the command: look again.
                return true;
            }
        }
        return false;
    }

    /**
     * What Custody knows of the datasets a request names, read once for the request and then brought up to
     * date as each event is planned: a later event of a batch sees the datasets and versions an earlier one
     * registers, exactly as if the events had been sent one by one.
     */
    private static final class Facts {
        final Map<DatasetName, KnownDataset> known;
        final Map<String, String> digests;

        private Facts(Map<DatasetName, KnownDataset> known, Map<String, String> digests) {
            this.known = known;
            this.digests = digests;
        }

        static Facts load(OpenLineageLookups lookups, List<Parsed> events) {
            Set<DatasetName> names = new LinkedHashSet<>();
            events.forEach(e -> datasetsOf(e).forEach(d -> names.add(d.dataset())));
            Map<DatasetName, KnownDataset> known = new HashMap<>(lookups.datasets(names));
            Set<String> keys = new LinkedHashSet<>();
            for (Parsed event : events) {
                boolean run = event instanceof ParsedRun;
                String produced = run ? "run-" + ((ParsedRun) event).run().value() : null;
                for (ParsedDataset d : inputsOf(event)) {
                    Label label = label(d, known.get(d.dataset()), null, run);
                    if (label != null) {
                        keys.add(d.dataset().value() + "@" + label.version().value());
                    }
                }
                for (ParsedDataset d : outputsOf(event)) {
                    Label label = label(d, known.get(d.dataset()), produced, run);
                    if (label != null) {
                        keys.add(d.dataset().value() + "@" + label.version().value());
                    }
                }
            }
            Map<String, String> digests = new HashMap<>(lookups.versionDigests(keys.stream()
                    .map(k -> {
                        int at = k.lastIndexOf('@');
                        return new String[]{k.substring(0, at), k.substring(at + 1)};
                    }).toList()));
            return new Facts(known, digests);
        }
    }

    private static List<ParsedDataset> inputsOf(Parsed event) {
        if (event instanceof ParsedRun run) {
            return run.inputs();
        }
        if (event instanceof ParsedJob job) {
            return job.inputs();
        }
        return List.of(((ParsedDatasetEvent) event).dataset());
    }

    private static List<ParsedDataset> outputsOf(Parsed event) {
        if (event instanceof ParsedRun run) {
            return run.outputs();
        }
        return event instanceof ParsedJob job ? job.outputs() : List.of();
    }

    private static List<ParsedDataset> datasetsOf(Parsed event) {
        List<ParsedDataset> all = new ArrayList<>(inputsOf(event));
        all.addAll(outputsOf(event));
        return all;
    }

    /** The event's commands; {@code order} places its version registrations among a batch's. */
    private Plan plan(Parsed parsed, Facts facts, int order) {
        if (parsed instanceof ParsedRun run) {
            Resolution resolution = resolve(run.inputs(), run.outputs(), "jobRun:" + run.run().value(),
                    "run-" + run.run().value(), true, facts, order);
            JobRunReport report = new JobRunReport(run.job(), run.state(), run.eventTime(), run.producer(),
                    run.schemaUrl(), run.parentRun(), run.parentJob(), run.code(), run.runFacets(), run.jobFacets());
            RecordJobRunEvent command = new RecordJobRunEvent(run.run(), report, run.errorMessage(),
                    resolution.inputs(), resolution.outputs());
            return resolution.plan(new Command(command, command.streamId(), mainKey(command.streamId(), order)));
        }
        if (parsed instanceof ParsedJob job) {
            Resolution resolution = resolve(job.inputs(), job.outputs(), null, null, false, facts, order);
            DescribeJob command = new DescribeJob(job.job(), job.eventTime(), job.producer(), job.code(),
                    job.jobFacets(), resolution.inputs(), resolution.outputs());
            return resolution.plan(new Command(command, command.streamId(), mainKey(command.streamId(), order)));
        }
        ParsedDatasetEvent event = (ParsedDatasetEvent) parsed;
        Resolution resolution = resolve(List.of(event.dataset()), List.of(), null, null, false, facts, order);
        DescribeDataset command = new DescribeDataset(resolution.inputs().get(0), event.eventTime(), event.producer());
        return resolution.plan(new Command(command, command.streamId(), mainKey(command.streamId(), order)));
    }

    private static String mainKey(String stream, int order) {
        return stream + "\u0000c" + "%08d".formatted(order);
    }

    /** The datasets of one event resolved to versions, and the registrations they need. */
    private record Resolution(List<LineageDataset> inputs, List<LineageDataset> outputs,
                              List<Command> registrations, List<String> registered) {

        Plan plan(Command main) {
            return new Plan(registrations, main, registered);
        }
    }

    /**
     * Chooses each dataset's version label: the version facet when there is one; otherwise, for an
     * output of a run, a label naming that run; for an input, the newest version Custody knows. A run's
     * event (as opposed to a job's or dataset's description) always resolves to a version.
     */
    private Resolution resolve(List<ParsedDataset> inputs, List<ParsedDataset> outputs, String producedBy,
                               String producedLabel, boolean alwaysVersioned, Facts facts, int order) {
        Map<DatasetName, KnownDataset> known = facts.known;

        // By identity: a dataset holds its facets, costly to hash, and each parsed dataset is its own entry anyway.
        Map<ParsedDataset, Label> labels = new IdentityHashMap<>();
        for (ParsedDataset d : inputs) {
            labels.put(d, label(d, known.get(d.dataset()), null, alwaysVersioned));
        }
        for (ParsedDataset d : outputs) {
            labels.put(d, label(d, known.get(d.dataset()), producedLabel, alwaysVersioned));
        }
        Map<String, String> digests = facts.digests;

        List<Command> registrations = new ArrayList<>();
        List<String> registered = new ArrayList<>();
        Set<DatasetName> datasetsToRegister = new LinkedHashSet<>();
        Map<String, RegisterDatasetVersion> versionsToRegister = new LinkedHashMap<>();
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
        Function<ParsedDataset, LineageDataset> toLineage = d -> {
            Label label = labels.get(d);
            if (label == null) {
                return new LineageDataset(d.namespace(), d.name(), d.dataset(), null, null, null, d.facets(),
                        d.ioFacets());
            }
            String key = d.dataset().value() + "@" + label.version().value();
            String knownDigest = digests.get(key);
            ContentDigest digest = knownDigest != null ? ContentDigest.of(knownDigest)
                    : derivedDigest(d.dataset(), label.version());
            return new LineageDataset(d.namespace(), d.name(), d.dataset(), label.version(), digest, label.source(),
                    d.facets(), d.ioFacets());
        };
        List<LineageDataset> resolvedInputs = inputs.stream().map(toLineage).toList();
        List<LineageDataset> resolvedOutputs = outputs.stream().map(toLineage).toList();

        // Outputs first, so a version both read and written is registered as produced by this run.
        List<ParsedDataset> all = new ArrayList<>(outputs);
        all.addAll(inputs);
        for (int i = 0; i < all.size(); i++) {
            ParsedDataset d = all.get(i);
            boolean output = i < outputs.size();
            Label label = labels.get(d);
            KnownDataset dataset = known.get(d.dataset());
            if (label == null || (dataset != null && dataset.deprecated())) {
                // A deprecated dataset takes no new versions; the lineage still names the version.
                continue;
            }
            String key = d.dataset().value() + "@" + label.version().value();
            if (digests.containsKey(key) || versionsToRegister.containsKey(key)) {
                continue;
            }
            versionsToRegister.put(key, new RegisterDatasetVersion(d.dataset(), label.version(), d.location(),
                    derivedDigest(d.dataset(), label.version()), d.schema(), output ? d.rowCount() : null,
                    Set.of(DISCOVERED, DERIVED_DIGEST), List.of(), output ? producedBy : null));
        }
        for (DatasetName name : datasetsToRegister) {
            ParsedDataset first = all.stream().filter(d -> d.dataset().equals(name)).findFirst().orElseThrow();
            RegisterDataset command = new RegisterDataset(name, OWNER, "Discovered through OpenLineage: namespace "
                    + first.namespace() + ", name " + first.name(), Set.of(DISCOVERED));
            registrations.add(new Command(command, command.streamId(), command.streamId() + "\u0000a"));
            registered.add("dataset " + name);
            known.put(name, new KnownDataset(false, null));
        }
        for (RegisterDatasetVersion command : versionsToRegister.values()) {
            registrations.add(new Command(command, command.streamId(), command.streamId() + "\u0000b"
                    + "%08d".formatted(order) + command.version().value()));
            registered.add("dataset version " + command.dataset() + "@" + command.version());
        }
        registrations.sort(Comparator.comparing(Command::sortKey));
        // What the registrations will have made true, for the events planned after this one.
        for (Command registration : registrations) {
            if (registration.command() instanceof RegisterDatasetVersion v) {
                digests.put(v.dataset().value() + "@" + v.version().value(), v.digest().value());
                known.put(v.dataset(), new KnownDataset(false, v.version().value()));
            }
        }
        return new Resolution(resolvedInputs, resolvedOutputs, List.copyOf(registrations), List.copyOf(registered));
    }

    private record Label(VersionLabel version, VersionSource source) {
    }

    private static Label label(ParsedDataset d, KnownDataset known, String producedLabel, boolean alwaysVersioned) {
        if (d.versionFacet() != null) {
            try {
                return new Label(VersionLabel.of(d.versionFacet()), VersionSource.FACET);
            } catch (CustodyException notALabel) {
                return new Label(VersionLabel.of("olv-" + ContentDigest.sha256Hex(d.versionFacet()).substring(0, 32)),
                        VersionSource.FACET_HASHED);
            }
        }
        if (!alwaysVersioned) {
            return null;
        }
        if (producedLabel != null) {
            return new Label(VersionLabel.of(producedLabel), VersionSource.PRODUCING_RUN);
        }
        if (known != null && known.newestVersion() != null) {
            return new Label(VersionLabel.of(known.newestVersion()), VersionSource.NEWEST_KNOWN);
        }
        return new Label(UNVERSIONED, VersionSource.UNVERSIONED);
    }

    /**
     * OpenLineage carries no content digest, and a dataset version needs one: Custody registers
     * {@code sha256("openlineage:" + dataset + "@" + version)}. It is a derived identity, stable for the same
     * dataset and label, not a hash of the data; such versions carry the tag {@code derived-digest}.
     */
    static ContentDigest derivedDigest(DatasetName dataset, VersionLabel version) {
        return ContentDigest.of(("openlineage:" + dataset.value() + "@" + version.value()).getBytes(StandardCharsets.UTF_8));
    }

    static String clientEventId(Parsed parsed) {
        if (parsed instanceof ParsedRun run) {
            return "openlineage:" + run.run().value() + ":" + run.state() + ":" + run.eventTime();
        }
        if (parsed instanceof ParsedJob job) {
            return "openlineage:job:" + ContentDigest.sha256Hex(job.job().key() + "|" + job.eventTime());
        }
        ParsedDatasetEvent event = (ParsedDatasetEvent) parsed;
        return "openlineage:dataset:" + ContentDigest.sha256Hex(event.dataset().dataset().value() + "|"
                + event.dataset().versionFacet() + "|" + event.eventTime());
    }

    private static String streamOf(Parsed parsed) {
        if (parsed instanceof ParsedRun run) {
            return io.custody.meta.Streams.jobRun(run.run());
        }
        if (parsed instanceof ParsedJob job) {
            return io.custody.meta.Streams.job(job.job());
        }
        return io.custody.meta.Streams.observedDataset(((ParsedDatasetEvent) parsed).dataset().dataset());
    }

    private static String typeOf(Parsed parsed) {
        if (parsed instanceof ParsedRun run) {
            return run.state().name();
        }
        return parsed instanceof ParsedJob ? "JOB" : "DATASET";
    }

    /** How a batch reply names an event: its stream and type, e.g. {@code jobrun:0190f8a2-… COMPLETE}. */
    private static String keyOf(Parsed parsed) {
        return streamOf(parsed) + " " + typeOf(parsed);
    }

    /** The run id of an event that could not be read, if it has a textual one. */
    private static String rawKey(JsonNode body) {
        JsonNode runId = body == null ? null : body.path("run").get("runId");
        return runId != null && runId.isTextual() ? runId.asText() : null;
    }
}
