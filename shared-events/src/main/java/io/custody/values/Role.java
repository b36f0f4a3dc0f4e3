package io.custody.values;

/**
 * What a caller may do (docs/security.md has the table). The names are fixed: tokens, JWT claims and
 * stored events carry them.
 */
public enum Role {
    /** Every inventory query, search, lineage, impact, custody, {@code me}. */
    VIEWER,
    /** VIEWER's, plus dataset, run and model mutations; deploying outside production. */
    DATA_SCIENTIST,
    /** VIEWER's, plus recording validations and approving model versions. */
    APPROVER,
    /** VIEWER's, plus deploying, rolling back and undeploying in every environment. */
    DEPLOYER,
    /** VIEWER's, plus the audit trail, history, verify and the audit export. */
    AUDITOR,
    /** The HTTP ingest endpoints; each lifecycle command sent through them also needs its own role. */
    INGEST,
    /** Everything: tokens, rebuilds, dead letters. */
    ADMIN;

    /** The Spring Security authority that stands for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
