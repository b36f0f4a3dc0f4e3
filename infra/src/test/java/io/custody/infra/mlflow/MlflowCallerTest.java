package io.custody.infra.mlflow;

import io.custody.infra.support.IntegrationTest;
import io.custody.values.Role;
import org.junit.jupiter.api.BeforeEach;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.UUID;

/** One data scientist calling the MLflow API, through the real MLflow client and as plain HTTP requests. */
abstract class MlflowCallerTest extends IntegrationTest {

    static final String MLFLOW = "/api/2.0/mlflow/";

    MlflowClient client;
    WebTestClient dana;
    /** Keeps each test's names apart in the shared server. */
    String suffix;

    @BeforeEach
    void setUpCaller() {
        String token = bearer("mlflow-dana", Role.DATA_SCIENTIST);
        client = new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port, token));
        dana = httpWith(token);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }
}
