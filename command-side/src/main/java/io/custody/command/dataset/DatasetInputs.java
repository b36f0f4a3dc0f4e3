package io.custody.command.dataset;

import io.custody.command.api.Inputs;
import io.custody.commands.dataset.DeprecateDataset;
import io.custody.commands.dataset.QuarantineDatasetVersion;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.values.ColumnProfile;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.SchemaField;
import io.custody.values.Tag;
import io.custody.values.TeamName;
import io.custody.values.VersionLabel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire shapes of the dataset commands, shared by GraphQL and the HTTP ingest, and their validation. */
public final class DatasetInputs {

    private DatasetInputs() {
    }

    public record RegisterDatasetInput(String name, String owner, String description, List<String> tags,
                                       String clientEventId) {

        public RegisterDataset toCommand() {
            return new RegisterDataset(
                    Inputs.required("input.name", name, DatasetName::new),
                    Inputs.required("input.owner", owner, TeamName::new),
                    Inputs.text("input.description", description, 10_000, false),
                    Inputs.set("input.tags", tags, Tag::new));
        }
    }

    public record SchemaFieldInput(String name, String type, String description) {
    }

    public record HistogramBinInput(String bin, Double share) {
    }

    public record ColumnProfileInput(String column, Long count, Long nullCount, Long distinctCount, Double min,
                                     Double max, Double mean, Double stddev, List<HistogramBinInput> histogram) {

        ColumnProfile toValue() {
            Map<String, Double> bins = new LinkedHashMap<>();
            if (histogram != null) {
                histogram.forEach(b -> bins.put(b.bin(), b.share()));
            }
            return new ColumnProfile(column, count, nullCount, distinctCount, min, max, mean, stddev, bins);
        }
    }

    public record RegisterDatasetVersionInput(String dataset, String version, String location, String digest,
                                              List<SchemaFieldInput> schema, Long rowCount, List<String> tags,
                                              List<ColumnProfileInput> profile, String producedByRun,
                                              String clientEventId) {

        public RegisterDatasetVersion toCommand() {
            return new RegisterDatasetVersion(
                    Inputs.required("input.dataset", dataset, DatasetName::new),
                    Inputs.required("input.version", version, VersionLabel::new),
                    Inputs.uri("input.location", location, true),
                    Inputs.required("input.digest", digest, ContentDigest::new),
                    Inputs.list("input.schema", schema, f -> new SchemaField(f.name(), f.type(), f.description())),
                    rowCount,
                    Inputs.set("input.tags", tags, Tag::new),
                    Inputs.list("input.profile", profile, ColumnProfileInput::toValue),
                    Inputs.text("input.producedByRun", producedByRun, 512, false));
        }
    }

    public record QuarantineDatasetVersionInput(String dataset, String version, String reason,
                                                String clientEventId) {

        public QuarantineDatasetVersion toCommand() {
            return new QuarantineDatasetVersion(
                    Inputs.required("input.dataset", dataset, DatasetName::new),
                    Inputs.required("input.version", version, VersionLabel::new),
                    Inputs.text("input.reason", reason, 2000, true));
        }
    }

    public record DeprecateDatasetInput(String name, String reason, String clientEventId) {

        public DeprecateDataset toCommand() {
            return new DeprecateDataset(
                    Inputs.required("input.name", name, DatasetName::new),
                    Inputs.text("input.reason", reason, 2000, false));
        }
    }
}
