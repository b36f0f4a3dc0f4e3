package io.custody.commands.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.meta.Streams;
import io.custody.values.CodeLocation;
import io.custody.values.JobRef;
import io.custody.values.LineageDataset;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Record what an OpenLineage JobEvent said about a job: declared inputs and outputs, code, facets. */
public record DescribeJob(JobRef job, Instant eventTime, String producer, CodeLocation code, JsonNode jobFacets,
                          List<LineageDataset> inputs, List<LineageDataset> outputs) {

    public DescribeJob {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.job(job);
    }
}
