package io.custody.events.model;

import io.custody.values.ModelName;

/** Someone approved a model version, in a role (e.g. risk-officer), with a comment. */
public record ModelVersionApproved(ModelName model, int version, String approver, String role, String comment)
        implements ModelEvent {
}
