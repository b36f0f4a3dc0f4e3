package io.custody.values;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What one OpenLineage {@code RunEvent} said about its run, beside the datasets: the job, the state
 * reported, when the emitter says it happened, who produced the event, the parent run, the code, and
 * every run and job facet as sent (Custody reads a few of them; the rest are kept, never dropped).
 */
public record JobRunReport(JobRef job, JobRunState state, Instant eventTime, String producer, String schemaUrl,
                           JobRunId parentRun, JobRef parentJob, CodeLocation code, JsonNode runFacets,
                           JsonNode jobFacets) {
}
