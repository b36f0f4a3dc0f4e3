package io.custody.values;

/** The commands a policy governs; a decision names which one it was taken on. */
public enum GovernedCommand {
    REGISTER_MODEL_VERSION,
    DEPLOY_MODEL_VERSION,
    ROLL_BACK
}
