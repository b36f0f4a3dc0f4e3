package io.custody.infra.ingest;

/** The test chain's fixed values, for tests in other packages. */
public final class ChainAccess {

    public static final String DATASET_DIGEST = Chain.DATASET_DIGEST;
    public static final String ARTIFACT_DIGEST = Chain.ARTIFACT_DIGEST;
    public static final String COMMIT = Chain.COMMIT;

    private ChainAccess() {
    }
}
