package io.custody.infra.lifecycle;

import io.custody.infra.ingest.ChainAccess;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Each lifecycle mutation's payload resolves the entity it touched from the read model (the query side
 * extends the command side's payload types), already updated when the mutation answers.
 */
class LifecyclePayloadsTest extends IntegrationTest {

    @Test
    void each_mutation_payload_shows_its_entity_as_the_read_model_has_it() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String dataset = "payload/ds-" + s;
        String run = "run-" + s;
        String model = "model-" + s;
        graphQl().document("mutation { registerDataset(input: {name: \"" + dataset + "\", owner: \"t\"}) { receipt { changed } } }")
                .execute().path("registerDataset.receipt.changed").entity(Boolean.class).isEqualTo(true);
        graphQl().document("mutation { registerDatasetVersion(input: {dataset: \"" + dataset + "\", version: \"v1\", "
                        + "location: \"s3://x/v1\", digest: \"" + ChainAccess.DATASET_DIGEST + "\"}) { receipt { changed } } }")
                .execute().path("registerDatasetVersion.receipt.changed").entity(Boolean.class).isEqualTo(true);
        graphQl().document("mutation($i: StartRunInput!) { startRun(input: $i) { run { id status } } }")
                .variable("i", Map.of("run", run, "code", Map.of("repository", "https://git/x",
                        "commit", ChainAccess.COMMIT, "dirty", false),
                        "inputs", List.of(Map.of("dataset", dataset, "version", "v1"))))
                .execute().path("startRun.run.status").entity(String.class).isEqualTo("RUNNING");
        graphQl().document("mutation { completeRun(input: {run: \"" + run + "\"}) { run { status } } }")
                .execute().path("completeRun.run.status").entity(String.class).isEqualTo("COMPLETED");
        graphQl().document("mutation { registerModel(input: {name: \"" + model + "\", owner: \"t\", domain: \"lending\", "
                        + "riskTier: \"LOW\"}) { model { name } } }")
                .execute().path("registerModel.model.name").entity(String.class).isEqualTo(model);
        graphQl().document("mutation { registerModelVersion(input: {model: \"" + model + "\", run: \"" + run + "\", "
                        + "artifactUri: \"s3://m/1\", artifactDigest: \"" + ChainAccess.ARTIFACT_DIGEST + "\"}) "
                        + "{ version modelVersion { version artifactDigest live } } }")
                .execute().path("registerModelVersion.modelVersion.artifactDigest").entity(String.class)
                .isEqualTo(ChainAccess.ARTIFACT_DIGEST)
                .path("registerModelVersion.modelVersion.live").entity(Boolean.class).isEqualTo(false);
        graphQl().document("mutation { recordValidation(input: {model: \"" + model + "\", version: 1, "
                        + "checks: [{name: \"auc\", passed: true}]}) { modelVersion { version } } }")
                .execute().path("recordValidation.modelVersion.version").entity(Integer.class).isEqualTo(1);
        graphQl("bob").document("mutation { approveModelVersion(input: {model: \"" + model + "\", version: 1}) "
                        + "{ modelVersion { approvals { nodes { approver } } } } }")
                .execute().path("approveModelVersion.modelVersion.approvals.nodes[0].approver").entity(String.class)
                .isEqualTo("bob");
        graphQl().document("mutation { deployModelVersion(input: {environment: \"production\", service: \"svc-" + s
                        + "\", model: \"" + model + "\", version: 1}) { deployment { key live primary { version } } } }")
                .execute().path("deployModelVersion.deployment.live").entity(Boolean.class).isEqualTo(true)
                .path("deployModelVersion.deployment.primary.version").entity(Integer.class).isEqualTo(1);
    }
}
