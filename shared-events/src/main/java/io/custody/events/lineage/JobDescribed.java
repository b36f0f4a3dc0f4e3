package io.custody.events.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.values.CodeLocation;
import io.custody.values.JobRef;
import io.custody.values.LineageDataset;

import java.time.Instant;
import java.util.List;

/**
 * An OpenLineage JobEvent described a job apart from any run: its declared inputs and outputs (the
 * datasets, with a version only when the event gave one), its code, and every job facet as sent.
 */
public record JobDescribed(JobRef job, Instant eventTime, String producer, CodeLocation code, JsonNode jobFacets,
                           List<LineageDataset> inputs, List<LineageDataset> outputs) implements JobDefinitionEvent {

    public JobDescribed {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
