package io.custody.query.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.query.support.AsOf;

import java.time.OffsetDateTime;

/** A training run as the inventory shows it, now or as of {@code asOf} (null for now). */
public record RunView(String id, String experiment, String status, CodeView code, JsonNode hyperparameters,
                      TrainingEnvironmentView environment, String startedBy, OffsetDateTime startedAt,
                      String recordedBy, OffsetDateTime recordedAt, OffsetDateTime endedAt, String endedBy,
                      String failureReason, long position, AsOf asOf) {

    /** The code a run executed. */
    public record CodeView(String repository, String commit, boolean dirty) {
    }

    /** Where a run executed: image and key package versions. */
    public record TrainingEnvironmentView(String image, JsonNode packages) {
    }
}
