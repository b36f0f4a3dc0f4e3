package io.custody.command.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.api.ReadYourWrites;
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
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /api/v1/lineage}: one OpenLineage event becomes Custody events in one transaction.
 *
 * <ol>
 * <li>The whole event is checked first ({@link OpenLineageParser}); a problem answers 400 with its JSON
 * path, and nothing is sent.</li>
 * <li>Each dataset it names is resolved to a Custody dataset version (docs/ingest.md says how a label
 * and digest are chosen when OpenLineage gives none), and datasets and versions Custody does not know
 * yet are registered: as if a person had, through the dataset's own rules.</li>
 * <li>The event itself is recorded by one command, under the client event id
 * {@code openlineage:<runId>:<eventType>:<eventTime>}: a re-sent event is acknowledged, not recorded
 * twice.</li>
 * </ol>
 * All commands of one event run inside one unit of work and one database transaction: either all of
 * them are stored or none. Commands touch streams in a fixed order (datasets by name, the event's own
 * stream last), so concurrent events cannot deadlock; one that loses a race for a new stream is
 * re-resolved and retried.
 */
@Component
public class OpenLineageIngest {

    static final TeamName OWNER = TeamName.of("openlineage");
    static final Tag DISCOVERED = Tag.of("openlineage");
    /** Marks a version whose digest Custody derived from its identity, not from its content. */
    static final Tag DERIVED_DIGEST = Tag.of("derived-digest");
    static final VersionLabel UNVERSIONED = VersionLabel.of("unversioned");
    private static final int ATTEMPTS = 5;

    /** What the endpoint answers. */
    public record Reply(String status, String eventType, String stream, long position, List<String> registered) {
    }

    private record Plan(List<Command> registrations, Command main, List<String> registered) {
    }

    private record Command(Object command, String stream, String sortKey) {
    }

    private final CommandDispatcher dispatcher;
    private final ReadYourWrites readYourWrites;
    private final TransactionManager transactionManager;
    private final OpenLineageLookups lookups;

    OpenLineageIngest(CommandDispatcher dispatcher, ReadYourWrites readYourWrites,
                      TransactionManager transactionManager, OpenLineageLookups lookups) {
        this.dispatcher = dispatcher;
        this.readYourWrites = readYourWrites;
        this.transactionManager = transactionManager;
        this.lookups = lookups;
    }

    public Reply ingest(JsonNode body, Caller caller, boolean awaitReadModels) {
        Parsed parsed = OpenLineageParser.parse(body);
        String clientEventId = clientEventId(parsed);
        String eventTime = parsed.eventTime().toString();
        String type = typeOf(parsed);
        for (int attempt = 1; ; attempt++) {
            if (lookups.alreadyRecorded(clientEventId)) {
                String stream = streamOf(parsed);
                return new Reply("DUPLICATE", type, stream, readYourWrites.headOf(stream), List.of());
            }
            Plan plan = plan(parsed);
            try {
                boolean changed = inOneTransaction(plan, caller, clientEventId, eventTime);
                long position = readYourWrites.headOf(plan.main().stream());
                if (awaitReadModels) {
                    readYourWrites.await(position);
                }
                return new Reply(changed ? "ACCEPTED" : "DUPLICATE", type, plan.main().stream(), position,
                        changed ? plan.registered() : List.of());
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !lostARace(e)) {
                    throw lostARace(e) ? CustodyException.conflict(null, "other events about the same datasets "
                            + "were recorded at the same moment, " + ATTEMPTS + " times over; re-send") : e;
                }
            }
        }
    }

    private boolean inOneTransaction(Plan plan, Caller caller, String clientEventId, String eventTime) {
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactionManager);
        boolean[] changed = new boolean[1];
        uow.execute(() -> {
            for (Command registration : plan.registrations()) {
                dispatcher.execute(registration.command(), caller, null, eventTime);
            }
            // Every handler here answers false for a repeat, and so does the client-event-id guard for a re-send.
            changed[0] = !Boolean.FALSE.equals(dispatcher.execute(plan.main().command(), caller, clientEventId,
                    eventTime));
        });
        return changed[0];
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

    private Plan plan(Parsed parsed) {
        if (parsed instanceof ParsedRun run) {
            Resolution resolution = resolve(run.inputs(), run.outputs(), "jobRun:" + run.run().value(),
                    "run-" + run.run().value(), true);
            JobRunReport report = new JobRunReport(run.job(), run.state(), run.eventTime(), run.producer(),
                    run.schemaUrl(), run.parentRun(), run.parentJob(), run.code(), run.runFacets(), run.jobFacets());
            RecordJobRunEvent command = new RecordJobRunEvent(run.run(), report, run.errorMessage(),
                    resolution.inputs(), resolution.outputs());
            return resolution.plan(new Command(command, command.streamId(), ""));
        }
        if (parsed instanceof ParsedJob job) {
            Resolution resolution = resolve(job.inputs(), job.outputs(), null, null, false);
            DescribeJob command = new DescribeJob(job.job(), job.eventTime(), job.producer(), job.code(),
                    job.jobFacets(), resolution.inputs(), resolution.outputs());
            return resolution.plan(new Command(command, command.streamId(), ""));
        }
        ParsedDatasetEvent event = (ParsedDatasetEvent) parsed;
        Resolution resolution = resolve(List.of(event.dataset()), List.of(), null, null, false);
        DescribeDataset command = new DescribeDataset(resolution.inputs().get(0), event.eventTime(), event.producer());
        return resolution.plan(new Command(command, command.streamId(), ""));
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
                               String producedLabel, boolean alwaysVersioned) {
        Set<DatasetName> names = new LinkedHashSet<>();
        inputs.forEach(d -> names.add(d.dataset()));
        outputs.forEach(d -> names.add(d.dataset()));
        Map<DatasetName, KnownDataset> known = lookups.datasets(names);

        Map<ParsedDataset, Label> labels = new LinkedHashMap<>();
        for (ParsedDataset d : inputs) {
            labels.put(d, label(d, known.get(d.dataset()), null, alwaysVersioned));
        }
        for (ParsedDataset d : outputs) {
            labels.put(d, label(d, known.get(d.dataset()), producedLabel, alwaysVersioned));
        }
        Map<String, String> digests = lookups.versionDigests(labels.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> new String[]{e.getKey().dataset().value(), e.getValue().version().value()}).toList());

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
        }
        for (RegisterDatasetVersion command : versionsToRegister.values()) {
            registrations.add(new Command(command, command.streamId(), command.streamId() + "\u0000b"
                    + command.version().value()));
            registered.add("dataset version " + command.dataset() + "@" + command.version());
        }
        registrations.sort(Comparator.comparing(Command::sortKey));
        return new Resolution(resolvedInputs, resolvedOutputs, List.copyOf(registrations), List.copyOf(registered));
    }

    private record Label(VersionLabel version, VersionSource source) {
    }

    private static Label label(ParsedDataset d, KnownDataset known, String producedLabel, boolean alwaysVersioned) {
        if (d.versionFacet() != null) {
            try {
                return new Label(VersionLabel.of(d.versionFacet()), VersionSource.FACET);
            } catch (CustodyException notALabel) {
                return new Label(VersionLabel.of("olv-" + sha256(d.versionFacet()).substring(0, 32)),
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
        return ContentDigest.of("sha256:" + sha256("openlineage:" + dataset.value() + "@" + version.value()));
    }

    static String clientEventId(Parsed parsed) {
        if (parsed instanceof ParsedRun run) {
            return "openlineage:" + run.run().value() + ":" + run.state() + ":" + run.eventTime();
        }
        if (parsed instanceof ParsedJob job) {
            return "openlineage:job:" + sha256(job.job().key() + "|" + job.eventTime());
        }
        ParsedDatasetEvent event = (ParsedDatasetEvent) parsed;
        return "openlineage:dataset:" + sha256(event.dataset().dataset().value() + "|"
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

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
