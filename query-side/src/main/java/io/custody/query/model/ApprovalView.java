package io.custody.query.model;

import java.time.OffsetDateTime;

/** One approval of a model version. */
public record ApprovalView(String model, int version, String approver, String role, String comment,
                           OffsetDateTime approvedAt, String recordedBy, OffsetDateTime recordedAt, long position) {

    public ModelVersionKey key() {
        return new ModelVersionKey(model, version);
    }
}
