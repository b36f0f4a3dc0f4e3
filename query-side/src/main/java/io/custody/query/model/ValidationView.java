package io.custody.query.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;

/** One recorded validation of a model version. */
public record ValidationView(String model, int version, JsonNode metrics, List<CheckView> checks, boolean passed,
                             String validatedBy, OffsetDateTime validatedAt, String recordedBy,
                             OffsetDateTime recordedAt, long position) {

    /** One named check of a validation. */
    public record CheckView(String name, boolean passed, String detail) {
    }

    public ModelVersionKey key() {
        return new ModelVersionKey(model, version);
    }
}
