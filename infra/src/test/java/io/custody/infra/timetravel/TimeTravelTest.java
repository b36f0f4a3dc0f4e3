package io.custody.infra.timetravel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Inventory queries as of an instant, on both clocks, through HTTP against the real services. */
class TimeTravelTest extends IntegrationTest {

    static final String DEPLOYMENT = """
            query($e: String!, $s: String!, $asOf: DateTime, $basis: TimeBasis) {
              deployment(environment: $e, service: $s, asOf: $asOf, timeBasis: $basis) {
                live lastChangedAt
                primary { version from startReason }
                history { nodes { version from to endReason live } }
              }
            }""";

    static final String MODEL_VERSION = """
            query($m: String!, $v: Int!, $asOf: DateTime, $basis: TimeBasis, $at: DateTime!) {
              modelVersion(model: $m, version: $v, asOf: $asOf, timeBasis: $basis) {
                live archived
                liveAt(environment: "production", at: $at)
                deployments { nodes { from to live } }
                approvals { nodes { approver } }
              }
            }""";

    @Autowired
    ObjectMapper json;

    Lifecycle life;

    @BeforeEach
    void fresh() {
        life = new Lifecycle(this::http, json);
    }

    GraphQlTester.Response deploymentAsOf(Instant asOf, String basis) {
        return graphQl().document(DEPLOYMENT).variable("e", "production").variable("s", life.service())
                .variable("asOf", asOf == null ? null : asOf.toString()).variable("basis", basis).execute();
    }

    GraphQlTester.Response versionAsOf(int version, Instant asOf, String basis, Instant at) {
        return graphQl().document(MODEL_VERSION).variable("m", life.model()).variable("v", version)
                .variable("asOf", asOf == null ? null : asOf.toString()).variable("basis", basis)
                .variable("at", at.toString()).execute();
    }

    @Test
    void a_quarantine_recorded_after_T_does_not_show_as_of_T() {
        Instant beforeAnything = Lifecycle.pause();
        life.registerData();
        Instant clean = Lifecycle.pause();
        life.send("data-steward", List.of(life.item("QuarantineDatasetVersion", null, Map.of("dataset", life.dataset(),
                "version", "v3", "reason", "label leak"))));

        String query = """
                query($d: String!, $asOf: DateTime) {
                  datasetVersion(dataset: $d, version: "v3", asOf: $asOf) { quarantined quarantineReason position }
                  dataset(name: $d, asOf: $asOf) { versionCount versions { nodes { version quarantined } } }
                }""";
        graphQl().document(query).variable("d", life.dataset()).variable("asOf", clean.toString()).execute()
                .path("datasetVersion.quarantined").entity(Boolean.class).isEqualTo(false)
                .path("datasetVersion.quarantineReason").valueIsNull()
                .path("dataset.versionCount").entity(Integer.class).isEqualTo(1)
                .path("dataset.versions.nodes[0].quarantined").entity(Boolean.class).isEqualTo(false);
        graphQl().document(query).variable("d", life.dataset()).variable("asOf", null).execute()
                .path("datasetVersion.quarantined").entity(Boolean.class).isEqualTo(true)
                .path("datasetVersion.quarantineReason").entity(String.class).isEqualTo("label leak")
                .path("dataset.versions.nodes[0].quarantined").entity(Boolean.class).isEqualTo(true);
        // As of now, the history answers exactly what the current tables answer.
        graphQl().document(query).variable("d", life.dataset()).variable("asOf", Lifecycle.pause().toString()).execute()
                .path("datasetVersion.quarantined").entity(Boolean.class).isEqualTo(true)
                .path("datasetVersion.quarantineReason").entity(String.class).isEqualTo("label leak");
        graphQl().document(query).variable("d", life.dataset()).variable("asOf", beforeAnything.toString()).execute()
                .path("datasetVersion").valueIsNull()
                .path("dataset").valueIsNull();

        // The inventory list and search agree: as of T the dataset existed and its version was clean.
        String list = """
                query($ns: String!, $asOf: DateTime) {
                  datasets(namespace: $ns, asOf: $asOf, first: 500) { totalCount edges { node { name } } }
                }""";
        graphQl().document(list).variable("ns", "lending").variable("asOf", clean.toString()).execute()
                .path("datasets.edges[*].node.name").entityList(String.class).contains(life.dataset());
        graphQl().document(list).variable("ns", "lending").variable("asOf", beforeAnything.toString()).execute()
                .path("datasets.edges[*].node.name").entityList(String.class).doesNotContain(life.dataset());

        String search = """
                query($text: String!, $filters: SearchFilters) {
                  search(text: $text, types: [DATASET_VERSION], filters: $filters) {
                    total hits { key quarantined } facets { field buckets { value count } }
                  }
                }""";
        graphQl().document(search).variable("text", life.suffix)
                .variable("filters", Map.of("asOf", clean.toString())).execute()
                .path("search.total").entity(Long.class).isEqualTo(1L)
                .path("search.hits[0].quarantined").entity(Boolean.class).isEqualTo(false)
                .path("search.facets[?(@.field == 'type')].buckets[0].count").entityList(Long.class).containsExactly(1L);
        graphQl().document(search).variable("text", life.suffix)
                .variable("filters", Map.of("asOf", clean.toString(), "quarantined", true)).execute()
                .path("search.total").entity(Long.class).isEqualTo(0L);
        graphQl().document(search).variable("text", life.suffix)
                .variable("filters", Map.of("asOf", beforeAnything.toString())).execute()
                .path("search.total").entity(Long.class).isEqualTo(0L);
        graphQl().document(search).variable("text", life.suffix).variable("filters", Map.of("quarantined", true))
                .execute()
                .path("search.hits[0].quarantined").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void a_rollback_does_not_change_what_was_live_before_it() {
        life.train(2);
        life.deploy(1, null);
        Instant v1Live = Lifecycle.pause();
        life.deploy(2, null);
        Instant v2Live = Lifecycle.pause();
        life.rollBack(1, "latency regression");
        Instant rolledBack = Lifecycle.pause();

        deploymentAsOf(v1Live, null)
                .path("deployment.primary.version").entity(Integer.class).isEqualTo(1)
                .path("deployment.history.nodes[*].version").entityList(Integer.class).containsExactly(1)
                .path("deployment.history.nodes[0].to").valueIsNull();
        deploymentAsOf(v2Live, null)
                .path("deployment.primary.version").entity(Integer.class).isEqualTo(2)
                .path("deployment.history.nodes[*].version").entityList(Integer.class).containsExactly(1, 2)
                .path("deployment.history.nodes[*].endReason").entityList(String.class).containsExactly("REPLACED", null)
                // v2's stint ended later, by the rollback: as of T it was still open.
                .path("deployment.history.nodes[1].live").entity(Boolean.class).isEqualTo(true)
                .path("deployment.history.nodes[1].to").valueIsNull();
        deploymentAsOf(rolledBack, null)
                .path("deployment.primary.version").entity(Integer.class).isEqualTo(1)
                .path("deployment.primary.startReason").entity(String.class).isEqualTo("ROLLBACK")
                .path("deployment.history.nodes[*].endReason").entityList(String.class)
                .containsExactly("REPLACED", "ROLLED_BACK", null);

        versionAsOf(2, v2Live, null, v2Live).path("modelVersion.live").entity(Boolean.class).isEqualTo(true)
                .path("modelVersion.deployments.nodes[0].live").entity(Boolean.class).isEqualTo(true);
        versionAsOf(2, rolledBack, null, v2Live).path("modelVersion.live").entity(Boolean.class).isEqualTo(false)
                .path("modelVersion.liveAt").entity(Boolean.class).isEqualTo(true);
        versionAsOf(2, null, null, rolledBack).path("modelVersion.live").entity(Boolean.class).isEqualTo(false)
                .path("modelVersion.liveAt").entity(Boolean.class).isEqualTo(false);

        // "All live deployments at T": only v2 served this service then.
        String live = """
                query($asOf: DateTime) {
                  deployments(environment: "production", liveOnly: true, asOf: $asOf, first: 500) {
                    totalCount edges { node { service liveVersions { model version } } }
                  }
                }""";
        GraphQlTester.Response atV2 = graphQl().document(live).variable("asOf", v2Live.toString()).execute();
        List<String> services = atV2.path("deployments.edges[*].node.service").entityList(String.class).get();
        int index = services.indexOf(life.service());
        assertThat(index).isNotNegative();
        atV2.path("deployments.edges[" + index + "].node.liveVersions[*].version").entityList(Integer.class)
                .containsExactly(2);
        assertThat(atV2.path("deployments.totalCount").entity(Integer.class).get()).isGreaterThanOrEqualTo(services.size());

        // Search keeps the deployment as it was: live, and titled by what served then.
        graphQl().document("""
                        query($text: String!, $asOf: DateTime) {
                          search(text: $text, types: [DEPLOYMENT], filters: {asOf: $asOf, live: true}) { hits { key title live } }
                        }""").variable("text", life.suffix).variable("asOf", v2Live.toString()).execute()
                .path("search.hits[0].title").entity(String.class)
                .isEqualTo("production/" + life.service() + " serving " + life.model() + "#2")
                .path("search.hits[0].live").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void a_late_deployment_report_counts_from_when_it_happened_by_event_time_but_not_before_it_was_known() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        life.train(2, start.minus(Duration.ofDays(1)).toString());
        Instant v1WentLive = start.minus(Duration.ofHours(3));
        Instant v2WentLive = start.minus(Duration.ofHours(1));
        life.deploy(1, v1WentLive.toString());
        Instant beforeReport = Lifecycle.pause();
        // The deploy tool reports now that v2 went live an hour ago.
        life.deploy(2, v2WentLive.toString());
        Instant halfHourAgo = start.minus(Duration.ofMinutes(30));

        // Knowledge time: just before the report, Custody believed v1 was serving.
        deploymentAsOf(beforeReport, "RECORDED").path("deployment.primary.version").entity(Integer.class).isEqualTo(1);
        versionAsOf(2, beforeReport, "RECORDED", halfHourAgo)
                .path("modelVersion.live").entity(Boolean.class).isEqualTo(false)
                .path("modelVersion.liveAt").entity(Boolean.class).isEqualTo(false);

        // Event time: from everything known now, v2 was serving half an hour ago, and v1 two hours ago.
        deploymentAsOf(halfHourAgo, "EVENT")
                .path("deployment.primary.version").entity(Integer.class).isEqualTo(2)
                // DateTime is OffsetDateTime's shortest form, without seconds when they are zero.
                .path("deployment.primary.from").entity(String.class)
                .satisfies(from -> assertThat(OffsetDateTime.parse(from).toInstant()).isEqualTo(v2WentLive));
        deploymentAsOf(start.minus(Duration.ofHours(2)), "EVENT")
                .path("deployment.primary.version").entity(Integer.class).isEqualTo(1)
                .path("deployment.history.nodes[0].to").valueIsNull();
        deploymentAsOf(start.minus(Duration.ofHours(4)), "EVENT").path("deployment").valueIsNull();
        versionAsOf(2, halfHourAgo, "EVENT", halfHourAgo)
                .path("modelVersion.live").entity(Boolean.class).isEqualTo(true)
                .path("modelVersion.liveAt").entity(Boolean.class).isEqualTo(true);

        // liveAt reads the intervals on the event clock, with what was known at the query's asOf.
        versionAsOf(2, null, null, halfHourAgo).path("modelVersion.liveAt").entity(Boolean.class).isEqualTo(true);
        versionAsOf(2, null, null, start.minus(Duration.ofHours(2))).path("modelVersion.liveAt").entity(Boolean.class)
                .isEqualTo(false);
        versionAsOf(1, null, null, start.minus(Duration.ofHours(2))).path("modelVersion.liveAt").entity(Boolean.class)
                .isEqualTo(true);
        versionAsOf(1, null, null, halfHourAgo).path("modelVersion.liveAt").entity(Boolean.class).isEqualTo(false);
        versionAsOf(1, beforeReport, "RECORDED", halfHourAgo).path("modelVersion.liveAt").entity(Boolean.class)
                .isEqualTo(true);
    }

    @Test
    void custody_as_of_T_shows_the_approvals_and_outcome_known_then() {
        life.train(1);
        life.deploy(1, null);
        Instant live = Lifecycle.pause();
        http("credit-api").post().uri("/api/v1/predictions?environment=production&service=" + life.service() + "&wait=true")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"requestId\":\"req-1\",\"time\":\"" + Instant.now() + "\",\"featuresDigest\":\"sha256:"
                        + "f".repeat(64) + "\",\"output\":{\"pd\":0.07}}]")
                .exchange().expectStatus().isOk();
        Instant predicted = Lifecycle.pause();
        http("loans").post().uri("/api/v1/outcomes?environment=production&service=" + life.service() + "&wait=true")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"requestId\":\"req-1\",\"time\":\"" + Instant.now() + "\",\"outcome\":{\"defaulted\":false}}]")
                .exchange().expectStatus().isOk();
        // A second approval, recorded after the prediction, is not part of the custody as of then.
        life.send("auditor-2", List.of(life.item("ApproveModelVersion", null, Map.of("model", life.model(),
                "version", 1, "role", "second-line"))));

        String custody = """
                query($s: String!, $asOf: DateTime) {
                  custody(environment: "production", service: $s, requestId: "req-1", asOf: $asOf) {
                    prediction { outcome observedAt }
                    deployment { version to live }
                    approvals { approver }
                    modelVersion { version }
                    run { status }
                  }
                }""";
        graphQl().document(custody).variable("s", life.service()).variable("asOf", predicted.toString()).execute()
                .path("custody.prediction.outcome").valueIsNull()
                .path("custody.prediction.observedAt").valueIsNull()
                .path("custody.deployment.version").entity(Integer.class).isEqualTo(1)
                .path("custody.deployment.live").entity(Boolean.class).isEqualTo(true)
                .path("custody.approvals[*].approver").entityList(String.class).containsExactly("reviewer")
                .path("custody.modelVersion.version").entity(Integer.class).isEqualTo(1)
                .path("custody.run.status").entity(String.class).isEqualTo("COMPLETED");
        graphQl().document(custody).variable("s", life.service()).variable("asOf", null).execute()
                .path("custody.prediction.outcome.defaulted").entity(Boolean.class).isEqualTo(false)
                .path("custody.approvals[*].approver").entityList(String.class)
                .containsExactly("reviewer", "auditor-2");
        graphQl().document(custody).variable("s", life.service()).variable("asOf", live.toString()).execute()
                .path("custody").valueIsNull();
    }

    @Test
    void runs_and_models_read_as_of_T_show_their_state_then() {
        life.registerData();
        life.send("pipeline", List.of(
                life.item("RegisterModel", null, Map.of("name", life.model(), "owner", "risk-ml", "riskTier", "LOW")),
                life.item("StartRun", null, Map.of("run", life.run(1), "code", Map.of("repository",
                                "https://git.example.com/risk/credit", "commit", Lifecycle.COMMIT),
                        "inputs", List.of(Map.of("dataset", life.dataset(), "version", "v3"))))));
        Instant running = Lifecycle.pause();
        life.send("pipeline", List.of(
                life.item("LogMetrics", null, Map.of("run", life.run(1), "metrics",
                        List.of(Map.of("name", "auc", "value", 0.81, "step", 1)))),
                life.item("CompleteRun", null, Map.of("run", life.run(1))),
                life.item("RegisterModelVersion", null, Map.of("model", life.model(), "run", life.run(1),
                        "artifactUri", "s3://m/1", "artifactDigest", "sha256:" + "a".repeat(64)))));
        Instant registered = Lifecycle.pause();
        life.send("pipeline", List.of(life.item("ArchiveModelVersion", null, Map.of("model", life.model(),
                "version", 1, "reason", "superseded"))));

        String run = """
                query($id: String!, $asOf: DateTime) {
                  run(id: $id, asOf: $asOf) { status metrics { name value } modelVersions { version archived }
                    inputs { version datasetVersion { quarantined } } }
                }""";
        graphQl().document(run).variable("id", life.run(1)).variable("asOf", running.toString()).execute()
                .path("run.status").entity(String.class).isEqualTo("RUNNING")
                .path("run.metrics").entityList(Object.class).hasSize(0)
                .path("run.modelVersions").entityList(Object.class).hasSize(0)
                .path("run.inputs[0].version").entity(String.class).isEqualTo("v3");
        graphQl().document(run).variable("id", life.run(1)).variable("asOf", registered.toString()).execute()
                .path("run.status").entity(String.class).isEqualTo("COMPLETED")
                .path("run.metrics[0].value").entity(Double.class).isEqualTo(0.81)
                .path("run.modelVersions[0].archived").entity(Boolean.class).isEqualTo(false);
        graphQl().document(run).variable("id", life.run(1)).variable("asOf", null).execute()
                .path("run.modelVersions[0].archived").entity(Boolean.class).isEqualTo(true);

        String model = """
                query($m: String!, $asOf: DateTime) {
                  model(name: $m, asOf: $asOf) { versionCount versions { nodes { version archived } } }
                  models(owner: "risk-ml", asOf: $asOf, first: 500) { edges { node { name versionCount } } }
                }""";
        graphQl().document(model).variable("m", life.model()).variable("asOf", running.toString()).execute()
                .path("model.versionCount").entity(Integer.class).isEqualTo(0)
                .path("model.versions.nodes").entityList(Object.class).hasSize(0);
        graphQl().document(model).variable("m", life.model()).variable("asOf", registered.toString()).execute()
                .path("model.versionCount").entity(Integer.class).isEqualTo(1)
                .path("model.versions.nodes[0].archived").entity(Boolean.class).isEqualTo(false)
                .path("models.edges[*].node.name").entityList(String.class).contains(life.model());
    }
}
