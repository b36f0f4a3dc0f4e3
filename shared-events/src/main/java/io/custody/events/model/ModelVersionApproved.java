package io.custody.events.model;

import io.custody.values.ModelName;
import io.custody.values.Role;

import java.util.Set;

/**
 * Someone approved a model version, in a role (e.g. risk-officer), with a comment. {@code approverRoles} are the
 * Custody roles the authenticated sender held at that moment, which policy rules about approvals may ask for.
 */
public record ModelVersionApproved(ModelName model, int version, String approver, String role, String comment,
                                   Set<Role> approverRoles)
        implements ModelEvent {

    public ModelVersionApproved {
        approverRoles = approverRoles == null ? Set.of() : Set.copyOf(approverRoles);
    }

    /** An approval whose sender's roles are unknown (recorded before they were, or sent without authentication). */
    public ModelVersionApproved(ModelName model, int version, String approver, String role, String comment) {
        this(model, version, approver, role, comment, Set.of());
    }
}
