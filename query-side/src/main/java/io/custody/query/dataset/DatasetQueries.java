package io.custody.query.dataset;

import io.custody.commands.dataset.DatasetPayload;
import io.custody.commands.dataset.DatasetVersionPayload;
import io.custody.errors.CustodyException;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.DatasetName;
import io.custody.values.VersionLabel;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@Controller
class DatasetQueries {

    private final DatasetRepository datasets;

    DatasetQueries(DatasetRepository datasets) {
        this.datasets = datasets;
    }

    @QueryMapping
    DatasetView dataset(@Argument String name) {
        return datasets.find(parseName("name", name)).orElse(null);
    }

    @QueryMapping
    DatasetVersionView datasetVersion(@Argument String dataset, @Argument String version) {
        return datasets.findVersion(parseName("dataset", dataset), parseVersion("version", version)).orElse(null);
    }

    @QueryMapping
    Connection<DatasetView> datasets(@Argument Integer first, @Argument String after, @Argument String namespace,
                                     @Argument String owner) {
        int size = Cursors.pageSize(first);
        List<DatasetView> rows = datasets.page(Cursors.decode(after), size + 1, namespace, owner);
        return Connection.fromOverfetch(rows, size, DatasetView::name, datasets.count(namespace, owner));
    }

    @BatchMapping(typeName = "Dataset", field = "versions")
    Map<DatasetView, List<DatasetVersionView>> versions(List<DatasetView> parents) {
        Map<String, List<DatasetVersionView>> byDataset = datasets.versionsOf(
                parents.stream().map(DatasetView::name).distinct().toList()).stream()
                .collect(Collectors.groupingBy(DatasetVersionView::dataset));
        Map<DatasetView, List<DatasetVersionView>> out = new LinkedHashMap<>();
        parents.forEach(p -> out.put(p, byDataset.getOrDefault(p.name(), List.of())));
        return out;
    }

    @SchemaMapping(typeName = "DatasetVersion", field = "datasetInfo")
    DatasetView datasetInfo(DatasetVersionView version) {
        return datasets.find(version.dataset()).orElse(null);
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
