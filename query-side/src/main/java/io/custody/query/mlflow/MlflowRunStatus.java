package io.custody.query.mlflow;

/** How MLflow's run names and end states are recorded in Custody's run events, and read back. */
public final class MlflowRunStatus {

    /** MLflow keeps a run's name in this tag; runs/create's run_name and runs/update's run_name set it. */
    public static final String RUN_NAME_TAG = "mlflow.runName";
    /** The failure reason of a run its MLflow client ended as KILLED; the read model answers it as KILLED again. */
    public static final String KILLED_REASON = "KILLED by its MLflow client";

    private MlflowRunStatus() {
    }
}
