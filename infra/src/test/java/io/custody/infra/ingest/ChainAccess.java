package io.custody.infra.ingest;

import java.util.List;
import java.util.Map;

/** The test chain's fixed values, for tests in other packages. */
public final class ChainAccess {

    public static final String DATASET_DIGEST = Chain.DATASET_DIGEST;
    public static final String ARTIFACT_DIGEST = Chain.ARTIFACT_DIGEST;
    public static final String COMMIT = Chain.COMMIT;

    private ChainAccess() {
    }

    /** The training, approval and production deployment of the chain named by {@code suffix}, in order. */
    public static List<List<Map<String, Object>>> deployedChain(String suffix) {
        Chain chain = new Chain(suffix);
        return List.of(chain.training(), chain.approval(), chain.deployment());
    }

    public static String service(String suffix) {
        return new Chain(suffix).service();
    }
}
