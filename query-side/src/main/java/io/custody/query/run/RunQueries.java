package io.custody.query.run;

import graphql.schema.DataFetchingEnvironment;
import io.custody.errors.CustodyException;
import io.custody.payloads.RunPayload;
import io.custody.query.dataset.DatasetRepository;
import io.custody.query.dataset.DatasetVersionView;
import io.custody.query.support.AsOf;
import io.custody.query.support.Batches;
import io.custody.query.support.ChildPages;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.RunId;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import java.time.OffsetDateTime;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

@Controller
class RunQueries {

    private static final Set<String> STATUSES = Set.of("RUNNING", "COMPLETED", "FAILED");

    private final RunRepository runs;
    private final DatasetRepository datasets;

    private final ChildPages<RunView, String, Long, ArtifactView> artifactPages;

    RunQueries(RunRepository runs, DatasetRepository datasets, BatchLoaderRegistry registry) {
        this.runs = runs;
        this.datasets = datasets;
        this.artifactPages = ChildPages.register(registry, "runArtifactPages", RunView::id, RunView::asOf,
                ArtifactView::run, a -> String.valueOf(a.position()), cursor -> Cursors.parse(cursor, Long::valueOf),
                runs::artifactPages);
    }

    @QueryMapping
    RunView run(@Argument String id, @Argument OffsetDateTime asOf, @Argument AsOf.TimeBasis timeBasis) {
        return runs.find(parseId("id", id), AsOf.of(asOf, timeBasis)).orElse(null);
    }

    @QueryMapping
    Connection<RunView> runs(@Argument Integer first, @Argument String after, @Argument String experiment,
                             @Argument String status, @Argument OffsetDateTime asOf,
                             @Argument AsOf.TimeBasis timeBasis) {
        if (status != null && !STATUSES.contains(status)) {
            throw CustodyException.badRequest("status", "must be one of " + STATUSES);
        }
        AsOf at = AsOf.of(asOf, timeBasis);
        int size = Cursors.pageSize(first);
        List<RunView> rows = runs.page(Cursors.decode(after), size + 1, experiment, status, at);
        return Connection.fromOverfetch(rows, size, RunView::id, runs.count(experiment, status, at));
    }

    @BatchMapping(typeName = "Run", field = "inputs")
    Map<RunView, List<RunInputView>> inputs(List<RunView> parents) {
        return Batches.perAsOf(parents, RunView::asOf,
                (group, asOf) -> byRun(group, runs.inputsOf(ids(group), asOf), RunInputView::run));
    }

    @BatchMapping(typeName = "Run", field = "metrics")
    Map<RunView, List<MetricView>> metrics(List<RunView> parents) {
        return Batches.perAsOf(parents, RunView::asOf,
                (group, asOf) -> byRun(group, runs.latestMetricsOf(ids(group), asOf), MetricView::run));
    }

    /** A page of a run's artifacts, in the order logged; every run on the response asking for the same page shares a query. */
    @SchemaMapping(typeName = "Run", field = "artifacts")
    CompletableFuture<Connection<ArtifactView>> artifacts(RunView run, @Argument Integer first, @Argument String after,
                                                          DataFetchingEnvironment env) {
        return artifactPages.page(run, first, after, env);
    }

    /** One run's full metric log, a page at a time; asked for one run at a time, so not batched. */
    @SchemaMapping(typeName = "Run", field = "metricHistory")
    Connection<MetricView> metricHistory(RunView run, @Argument String name, @Argument Integer first,
                                         @Argument String after) {
        int size = Cursors.pageSize(first);
        long afterPosition = -1;
        int afterOrdinal = -1;
        String cursor = Cursors.decode(after);
        if (cursor != null) {
            String[] parts = cursor.split(":");
            try {
                afterPosition = Long.parseLong(parts[0]);
                afterOrdinal = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                throw CustodyException.badRequest("after", "is not a cursor this API returned");
            }
        }
        List<MetricView> rows = runs.metricHistory(run.id(), name, afterPosition, afterOrdinal, size + 1, run.asOf());
        return Connection.fromOverfetch(rows, size, m -> m.position() + ":" + m.ordinal(),
                runs.metricCount(run.id(), name, run.asOf()));
    }

    @BatchMapping(typeName = "RunInput", field = "datasetVersion")
    Map<RunInputView, DatasetVersionView> datasetVersion(List<RunInputView> inputs) {
        return Batches.perAsOf(inputs, RunInputView::asOf, (group, asOf) -> {
            Map<Map.Entry<String, String>, DatasetVersionView> found = datasets.findVersions(group.stream()
                            .map(i -> (Map.Entry<String, String>) new AbstractMap.SimpleImmutableEntry<>(i.dataset(),
                                    i.version())).toList(), asOf).stream()
                    .collect(Collectors.toMap(v -> new AbstractMap.SimpleImmutableEntry<>(v.dataset(), v.version()),
                            Function.identity()));
            Map<RunInputView, DatasetVersionView> out = new LinkedHashMap<>();
            group.forEach(i -> {
                DatasetVersionView v = found.get(new AbstractMap.SimpleImmutableEntry<>(i.dataset(), i.version()));
                if (v != null) {
                    out.put(i, v);
                }
            });
            return out;
        });
    }

    /** Resolves the run field the read side adds to the write API's RunPayload. */
    @SchemaMapping(typeName = "RunPayload", field = "run")
    RunView payloadRun(RunPayload payload) {
        return runs.find(payload.id().value()).orElse(null);
    }

    static String parseId(String field, String raw) {
        try {
            return new RunId(raw).value();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }

    private static List<String> ids(List<RunView> parents) {
        return parents.stream().map(RunView::id).distinct().toList();
    }

    private static <T> Map<RunView, List<T>> byRun(List<RunView> parents, List<T> rows, Function<T, String> runOf) {
        Map<String, List<T>> grouped = rows.stream().collect(Collectors.groupingBy(runOf));
        Map<RunView, List<T>> out = new LinkedHashMap<>();
        parents.forEach(p -> out.put(p, grouped.getOrDefault(p.id(), List.of())));
        return out;
    }
}
