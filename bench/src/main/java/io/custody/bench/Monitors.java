package io.custody.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The prediction benchmark's deployments of the bench model, and their monitors. */
final class Monitors {

    private Monitors() {
    }

    /** Deploys the bench model to {@code service} in {@code environment}. */
    static void deploy(Http http, String environment, String service) throws Exception {
        HttpResponse<String> deployed = http.post("/api/v1/events", "application/json", "deployer",
                Http.JSON.writeValueAsString(List.of(Map.of("type", "DeployModelVersion",
                        "clientEventId", "bench-deploy-" + service, "payload", Map.of("environment", environment,
                                "service", service, "model", "bench-model", "version", 1)))));
        if (!deployed.body().contains("\"accepted\":1")) {
            throw new IllegalStateException("deployment refused: " + deployed.body());
        }
    }

    /**
     * Deploys {@code service} when {@code deploy} and monitors it on every one of the
     * {@link PredictionBench#FEATURES} features against its predictions from {@code start} for two minutes.
     */
    static void create(Http http, String environment, String service, boolean deploy, Instant start) throws Exception {
        if (deploy) {
            deploy(http, environment, service);
        }
        StringBuilder features = new StringBuilder();
        for (int f = 0; f < PredictionBench.FEATURES; f++) {
            features.append(f == 0 ? "" : ", ").append("\"f").append(f).append('"');
        }
        http.graphQl("deployer", "mutation { createMonitor(input: {environment: \"" + environment + "\", service: \""
                + service + "\", features: [" + features + "], baseline: {referenceFrom: \"" + start
                + "\", referenceTo: \"" + start.plus(Duration.ofMinutes(2)) + "\"}, window: \"PT1M\"}) "
                + "{ receipt { position } } }", Map.of());
    }
}
