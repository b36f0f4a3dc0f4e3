package io.custody.query.dataset;

import graphql.schema.DataFetchingEnvironment;
import io.custody.errors.CustodyException;
import io.custody.payloads.DatasetPayload;
import io.custody.payloads.DatasetVersionPayload;
import io.custody.query.support.AsOf;
import io.custody.query.dataset.DatasetRepository.VersionCursor;
import io.custody.query.support.Batches;
import io.custody.query.support.ChildPages;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.DatasetName;
import io.custody.values.VersionLabel;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

@Controller
class DatasetQueries {

    private final DatasetRepository datasets;

    private final ChildPages<DatasetView, String, VersionCursor, DatasetVersionView> versionPages;

    DatasetQueries(DatasetRepository datasets, BatchLoaderRegistry registry) {
        this.datasets = datasets;
        this.versionPages = ChildPages.register(registry, "datasetVersionPages", DatasetView::name, DatasetView::asOf,
                DatasetVersionView::dataset, VersionCursor::of, cursor -> Cursors.parse(cursor, VersionCursor::parse),
                datasets::versionPages);
    }

    @QueryMapping
    DatasetView dataset(@Argument String name, @Argument OffsetDateTime asOf, @Argument AsOf.TimeBasis timeBasis) {
        return datasets.find(parseName("name", name), AsOf.of(asOf, timeBasis)).orElse(null);
    }

    @QueryMapping
    DatasetVersionView datasetVersion(@Argument String dataset, @Argument String version, @Argument OffsetDateTime asOf,
                                      @Argument AsOf.TimeBasis timeBasis) {
        return datasets.findVersion(parseName("dataset", dataset), parseVersion("version", version),
                AsOf.of(asOf, timeBasis)).orElse(null);
    }

    @QueryMapping
    Connection<DatasetView> datasets(@Argument Integer first, @Argument String after, @Argument String namespace,
                                     @Argument String owner, @Argument OffsetDateTime asOf,
                                     @Argument AsOf.TimeBasis timeBasis) {
        AsOf at = AsOf.of(asOf, timeBasis);
        int size = Cursors.pageSize(first);
        List<DatasetView> rows = datasets.page(Cursors.decode(after), size + 1, namespace, owner, at);
        return Connection.fromOverfetch(rows, size, DatasetView::name, datasets.count(namespace, owner, at));
    }

    /** A page of a dataset's versions, newest first; every dataset on the response asking for the same page shares a query. */
    @SchemaMapping(typeName = "Dataset", field = "versions")
    CompletableFuture<Connection<DatasetVersionView>> versions(DatasetView dataset, @Argument Integer first,
                                                               @Argument String after, DataFetchingEnvironment env) {
        return versionPages.page(dataset, first, after, env);
    }

    @BatchMapping(typeName = "DatasetVersion", field = "datasetInfo")
    Map<DatasetVersionView, DatasetView> datasetInfo(List<DatasetVersionView> versions) {
        return Batches.perAsOf(versions, DatasetVersionView::asOf, (group, asOf) -> {
            Map<String, DatasetView> found = datasets.findAll(group.stream().map(DatasetVersionView::dataset)
                    .distinct().toList(), asOf).stream().collect(Collectors.toMap(DatasetView::name, Function.identity()));
            Map<DatasetVersionView, DatasetView> out = new LinkedHashMap<>();
            group.forEach(v -> {
                DatasetView d = found.get(v.dataset());
                if (d != null) {
                    out.put(v, d);
                }
            });
            return out;
        });
    }

    @SchemaMapping(typeName = "DatasetPayload", field = "dataset")
    DatasetView payloadDataset(DatasetPayload payload) {
        return datasets.find(payload.name().value()).orElse(null);
    }

    @SchemaMapping(typeName = "DatasetVersionPayload", field = "datasetVersion")
    DatasetVersionView payloadVersion(DatasetVersionPayload payload) {
        return datasets.findVersion(payload.name().value(), payload.version().value()).orElse(null);
    }

    private static String parseName(String field, String raw) {
        try {
            return new DatasetName(raw).value();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }

    private static String parseVersion(String field, String raw) {
        try {
            return new VersionLabel(raw).value();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }
}
