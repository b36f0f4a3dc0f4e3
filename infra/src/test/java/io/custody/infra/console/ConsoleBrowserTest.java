package io.custody.infra.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import io.custody.infra.timetravel.Lifecycle;
import io.custody.values.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in Debian's headless chromium, against this server with one model's real life recorded
 * through the ingest API: trained twice and approved, a third version validated but never approved (its
 * production deployment refused), version 1 then version 2 deployed, a prediction served, the training data
 * quarantined. Each test clicks through a page and checks what a person would read there. With
 * {@code -Dconsole.screenshots=docs/console} the screenshots of docs/console.md are taken again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends IntegrationTest {

    private static final String ACTOR = "console-auditor";

    @Autowired
    ObjectMapper json;

    Lifecycle life;
    Instant started;
    Instant v1Live;
    Browser browser;

    @BeforeAll
    void aModelsLife() {
        started = Lifecycle.pause();
        life = new Lifecycle(this::http, json);
        life.train(2);
        life.send("pipeline", List.of(
                life.item("StartRun", null, Map.of("run", life.run(3), "experiment", "credit",
                        "code", Map.of("repository", "https://git.example.com/risk/credit", "commit", Lifecycle.COMMIT,
                                "dirty", false),
                        "inputs", List.of(Map.of("dataset", life.dataset(), "version", "v3")))),
                life.item("LogMetrics", null, Map.of("run", life.run(3), "metrics", List.of(
                        metric("val_auc", 0.70, 1), metric("val_auc", 0.78, 2), metric("val_auc", 0.81, 3),
                        metric("loss", 0.90, 1), metric("loss", 0.52, 2), metric("loss", 0.41, 3)))),
                life.item("CompleteRun", null, Map.of("run", life.run(3))),
                life.item("RegisterModelVersion", null, Map.of("model", life.model(), "run", life.run(3),
                        "artifactUri", "s3://models/" + life.model() + "/3", "artifactDigest", "sha256:" + "3".repeat(64))),
                life.item("RecordValidation", null, Map.of("model", life.model(), "version", 3,
                        "checks", List.of(Map.of("name", "auc>=0.75", "passed", true))))));
        life.deploy(1, null);
        v1Live = Lifecycle.pause();
        life.deploy(2, null);
        // Version 3 has no approval: the policy refuses it production, and the refusal is recorded.
        graphQl("deployer").document("""
                        mutation($s: String!, $m: String!) {
                          deployModelVersion(input: {environment: "production", service: $s, model: $m, version: 3}) {
                            receipt { position }
                          }
                        }""").variable("s", life.service()).variable("m", life.model()).execute()
                .errors().satisfy(errors -> assertThat(errors).extracting(ResponseError::getMessage)
                        .anySatisfy(message -> assertThat(message).contains("approv")));
        http("model-server").post().uri("/api/v1/predictions?environment=production&service={s}&wait=true", life.service())
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue("{\"requestId\":\"req-1\",\"time\":\"" + Instant.now() + "\",\"featuresDigest\":\"sha256:"
                        + "f".repeat(64) + "\",\"output\":{\"score\":0.82}}\n")
                .exchange().expectStatus().isOk();
        life.send("data-steward", List.of(life.item("QuarantineDatasetVersion", null, Map.of("dataset", life.dataset(),
                "version", "v3", "reason", "label leak"))));
        browser = new Browser("http://localhost:" + port);
    }

    private static Map<String, Object> metric(String name, double value, int step) {
        return Map.of("name", name, "value", value, "step", step);
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void signIn(String token) {
        WebElement form = browser.waitFor(By.id("signin"));
        WebElement input = form.findElement(By.name("token"));
        input.clear();
        input.sendKeys(token);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** The message the API itself gives for a GraphQL document, to hold the page's words against. */
    private String apiMessage(String bearer, String document) {
        AtomicReference<String> message = new AtomicReference<>();
        graphQlWith(bearer).document(document).execute().errors()
                .satisfy(errors -> message.set(errors.get(0).getMessage()));
        return message.get();
    }

    @Test
    @Order(1)
    void a_wrong_token_is_refused_in_the_apis_words_and_the_right_one_shows_the_inventory() {
        browser.load("");
        signIn("cst_nosuchtoken_thisisnotasecretatall");
        browser.waitFor(By.cssSelector("#signin .error"));
        String refusal = anonymousHttp().post().uri("/graphql").header("Authorization",
                        "Bearer cst_nosuchtoken_thisisnotasecretatall").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ me { actor } }\"}").exchange().expectStatus().isUnauthorized()
                .expectBody(Map.class).returnResult().getResponseBody().get("message").toString();
        assertThat(browser.text("#signin .error-message")).isEqualTo(refusal);
        assertThat(browser.text("#signin .error-code")).contains("UNAUTHORIZED");

        signIn(bearer(ACTOR));
        browser.ready();
        assertThat(browser.text("#me")).isEqualTo(ACTOR);
        assertThat(browser.all("#page-inventory #models-table tbody tr")).isNotEmpty();
        assertThat(browser.all("header nav a")).extracting(WebElement::getText)
                .containsExactly("Inventory", "Prediction", "Lineage", "Monitoring", "Audit");
    }

    @Test
    @Order(2)
    void the_inventory_finds_the_model_and_says_which_version_is_still_live() {
        browser.open("#/inventory?q=" + life.suffix);
        assertThat(browser.text("#search-table")).contains(life.model() + "#2").contains("production/" + life.service());
        browser.open("#/inventory?team=risk-ml&domain=lending&env=production&live=true");
        assertThat(browser.all("#models-table tbody tr td:nth-child(2)")).isNotEmpty()
                .extracting(WebElement::getText).containsOnly("risk-ml");
        assertThat(browser.all("#deployments-table tbody tr td:nth-child(2)")).isNotEmpty()
                .extracting(WebElement::getText).containsOnly("live");
        browser.open("#/inventory?risk=true&q=" + life.suffix);
        assertThat(browser.all("#at-risk-table tbody tr")).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains(life.model() + "#2").contains("label leak")
                        .contains("production/" + life.service()))
                .anySatisfy(t -> assertThat(t).contains(life.model() + "#1").endsWith("none"));

        WebElement ask = browser.find("#ask-live");
        ask.findElement(By.name("model")).sendKeys(life.model());
        ask.findElement(By.name("version")).sendKeys("1");
        browser.submit(ask);
        assertThat(browser.text("#live-answer")).contains(life.model() + " #1 is not live.")
                .contains("It served production/" + life.service())
                .contains("replaced by " + life.model() + "#2, by deployer");

        browser.open("#/inventory?team=risk-ml&model=" + life.model() + "&version=2");
        assertThat(browser.text("#live-answer")).contains(life.model() + " #2 is live.")
                .contains("Primary on production/" + life.service() + " since ").contains("deployed by deployer");
        browser.screenshot("inventory");
    }

    @Test
    @Order(3)
    void a_model_versions_page_shows_its_chain_of_custody_as_a_timeline() {
        browser.open("#/inventory?model=" + life.model() + "&version=2");
        browser.follow(browser.find("#ask-timeline"));
        assertThat(browser.url()).contains("#/model/" + life.model() + "/2");
        List<WebElement> entries = browser.all("#timeline li.entry");
        assertThat(entries).extracting(e -> e.getAttribute("data-kind"))
                .startsWith("data", "code", "run")
                .contains("model", "validation", "approval", "decision", "deployment");
        assertThat(browser.find("#timeline li.data code.digest").getAttribute("title")).isEqualTo(Lifecycle.DATASET_DIGEST);
        assertThat(browser.text("#timeline li.data")).contains("Quarantined").contains("label leak");
        assertThat(browser.text("#timeline li.code")).contains(Lifecycle.COMMIT.substring(0, 19));
        assertThat(browser.find("#timeline li.code code.commit").getText()).isEqualTo(Lifecycle.COMMIT);
        assertThat(browser.text("#timeline li.validation")).contains("Validation passed").contains("auc>=0.75");
        assertThat(browser.text("#timeline li.approval")).contains("Approved by reviewer as risk-officer");
        assertThat(browser.all("#timeline li.decision")).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("allowed register model version by pipeline"))
                .anySatisfy(t -> assertThat(t).contains("allowed deploy model version into production/"
                        + life.service()));
        assertThat(browser.all("#timeline li.deployment")).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("Deployed on production/" + life.service()
                        + " as primary by deployer"));
        assertThat(browser.text("#at-risk")).contains("label leak");
        browser.screenshot("model-version");

        browser.open("#/model/" + life.model() + "/3");
        WebElement refused = browser.find("#timeline li.decision.bad");
        assertThat(refused.getText()).contains("refused deploy model version into production/" + life.service())
                .contains("✗");
        assertThat(browser.text("#live-answer")).contains("never been deployed");
        WebElement plot = browser.waitFor(By.cssSelector("#metric-plot[data-series]"));
        assertThat(plot.getAttribute("data-series")).isEqualTo("val_auc,loss");
        assertThat(plot.findElements(By.tagName("canvas"))).isNotEmpty();
        browser.screenshot("model-version-refused");
    }

    @Test
    @Order(4)
    void a_prediction_is_followed_back_to_its_training_data() {
        browser.open("#/prediction");
        WebElement form = browser.find("#prediction-form");
        form.findElement(By.name("service")).sendKeys(life.service());
        form.findElement(By.name("requestId")).sendKeys("req-1");
        browser.submit(form);
        assertThat(browser.all("#custody-chain li.step")).extracting(e -> e.getAttribute("data-kind"))
                .containsExactly("prediction", "deployment", "model", "validation", "approval", "run", "data");
        assertThat(browser.text("#custody-chain li.prediction")).contains("Prediction req-1").contains("0.82");
        assertThat(browser.text("#custody-chain li.model")).contains("Model version " + life.model() + " #2");
        assertThat(browser.text("#custody-chain li.run")).contains("Run " + life.run(2)).contains(Lifecycle.COMMIT);
        assertThat(browser.find("#custody-chain li.data code.digest").getAttribute("title")).isEqualTo(Lifecycle.DATASET_DIGEST);
        assertThat(browser.text("#custody-chain li.data")).contains(life.dataset() + "@v3").contains("quarantined: label leak");
        browser.screenshot("prediction");
    }

    @Test
    @Order(5)
    void the_lineage_of_a_quarantined_dataset_version_highlights_what_it_puts_at_risk() {
        String root = "datasetVersion:" + life.dataset() + "@v3";
        browser.open("#/lineage?node=" + root + "&direction=DOWNSTREAM&depth=2");
        browser.waitFor(By.id("impact"));
        @SuppressWarnings("unchecked")
        List<String> impacted = (List<String>) browser.script(
                "return window.custodyGraph.nodes('.impacted').map(n => n.id())");
        @SuppressWarnings("unchecked")
        List<String> live = (List<String>) browser.script(
                "return window.custodyGraph.nodes('.impacted-live').map(n => n.id())");
        @SuppressWarnings("unchecked")
        List<String> quarantined = (List<String>) browser.script(
                "return window.custodyGraph.nodes('.quarantined').map(n => n.id())");
        String deployment = "deployment:production/" + life.service();
        assertThat(impacted).contains("run:" + life.run(1), "run:" + life.run(2), "run:" + life.run(3),
                "modelVersion:" + life.model() + "#1", "modelVersion:" + life.model() + "#2",
                "modelVersion:" + life.model() + "#3", deployment);
        assertThat(live).containsExactly(deployment);
        assertThat(quarantined).containsExactly(root);
        assertThat(browser.text("#impact-summary")).contains("3 runs, 3 model versions and 1 live deployments");
        assertThat(browser.all("#impact-table tr.impacted-item.live")).singleElement().extracting(WebElement::getText)
                .satisfies(t -> assertThat(t).contains(root + " → run:" + life.run(2) + " → modelVersion:"
                        + life.model() + "#2 → " + deployment));
        // The edges along the paths are drawn heavier.
        assertThat((Long) browser.script("return window.custodyGraph.edges('.path').length")).isGreaterThanOrEqualTo(7L);
        browser.screenshot("lineage-impact");
    }

    @Test
    @Order(6)
    void the_time_travel_instant_in_the_url_shows_the_inventory_as_it_was_then() {
        browser.open("#/inventory?model=" + life.model() + "&version=2&asOf=" + v1Live);
        assertThat(browser.text("#live-answer")).contains(life.model() + " #2 is not live as of")
                .contains("never been deployed");
        assertThat(browser.text("#as-of-banner")).contains("As of ");
        assertThat(browser.find("#as-of").getAttribute("value")).isEqualTo(v1Live.toString().substring(0, 19));
        browser.open("#/inventory?model=" + life.model() + "&version=1&asOf=" + v1Live);
        assertThat(browser.text("#live-answer")).contains(life.model() + " #1 is live as of");
        // Links keep the instant: the timeline as of then has version 1's first stint open, no replacement yet.
        browser.follow(browser.find("#ask-timeline"));
        assertThat(browser.url()).contains("asOf=");
        assertThat(browser.all("#timeline li.deployment")).extracting(WebElement::getText)
                .noneSatisfy(t -> assertThat(t).contains("replaced"));
        browser.screenshot("time-travel");

        browser.open("#/inventory?model=" + life.model() + "&version=1");
        assertThat(browser.text("#live-answer")).contains(life.model() + " #1 is not live.");
        // The picker in the header puts the instant it is given in the URL.
        browser.script("document.querySelectorAll('main .page').forEach(p => p.removeAttribute('data-ready'));"
                + "const p = document.getElementById('as-of'); p.value = arguments[0];"
                + "p.dispatchEvent(new Event('change'));", v1Live.toString().substring(0, 19));
        browser.ready();
        assertThat(browser.url()).contains("asOf=" + v1Live.toString().substring(0, 13));
        assertThat(browser.text("#as-of-banner")).contains("As of ");
        browser.follow(browser.find("#as-of-now"));
        assertThat(browser.url()).doesNotContain("asOf=");
    }

    @Test
    @Order(7)
    void the_audit_page_filters_the_trail_verifies_the_log_and_exports_it() {
        browser.open("#/audit?actor=deployer&types=ModelVersionDeployed&from=" + started);
        List<WebElement> rows = browser.all("#trail-table tbody tr");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.all("#trail-table tbody tr td:nth-child(3)")).extracting(WebElement::getText)
                .containsOnly("ModelVersionDeployed");
        assertThat(browser.all("#trail-table tbody tr td:nth-child(6)")).extracting(WebElement::getText)
                .containsOnly("deployer");
        rows.get(0).click();
        browser.waitForText(By.id("event-detail"), life.service());

        browser.find("#verify").click();
        browser.waitForText(By.id("verify-result"), "Nothing was altered or removed.");
        browser.find("#export-jsonl").click();
        browser.waitForText(By.id("export-status"), "bytes");
        assertThat(browser.text("#export-status")).matches("custody-audit\\.jsonl: [1-9][0-9,]* bytes");
        browser.screenshot("audit");
    }

    /** The alerts of the model's deployment, newest first. */
    private List<JsonNode> alerts() {
        JsonNode all = json.valueToTree(graphQl().document("{ alerts(environment: \"production\", first: 500) { nodes { "
                + "alert service feature statistic state } } }").execute().path("alerts.nodes").entity(Object.class).get());
        List<JsonNode> mine = new ArrayList<>();
        all.forEach(a -> {
            if (a.get("service").asText().equals(life.service())) {
                mine.add(a);
            }
        });
        return mine;
    }

    /**
     * A monitor on the deployment and five windows of predictions sent over HTTP ingest, as MonitoringTest
     * sends them: the reference window, two alike, one where income shifts, and one whose predictions close it.
     */
    private void aDrift() {
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Duration window = Duration.ofMinutes(10);
        graphQl().document("mutation($s: String!, $from: String!, $to: String!) { createMonitor(input: {environment: "
                        + "\"production\", service: $s, features: [\"income\"], baseline: {referenceFrom: $from, "
                        + "referenceTo: $to}, window: \"PT10M\"}) { receipt { changed } } }")
                .variable("s", life.service()).variable("from", base.toString())
                .variable("to", base.plus(window).toString()).execute()
                .path("createMonitor.receipt.changed").entity(Boolean.class).isEqualTo(true);
        Random random = new Random(3);
        for (int w = 0; w < 5; w++) {
            double mean = w >= 3 ? 90_000 : 50_000;
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                Instant at = base.plus(window.multipliedBy(w)).plusMillis(window.toMillis() * i / 1000);
                lines.append("{\"requestId\":\"drift-").append(w).append('-').append(i).append("\",\"time\":\"")
                        .append(at).append("\",\"features\":{\"income\":").append(mean + random.nextGaussian() * 10_000)
                        .append("},\"output\":0.5}\n");
            }
            http("model-server").mutate().responseTimeout(Duration.ofSeconds(60)).build().post()
                    .uri("/api/v1/predictions?environment=production&service={s}", life.service())
                    .contentType(MediaType.parseMediaType("application/x-ndjson")).bodyValue(lines.toString())
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.accepted").isEqualTo(1000);
        }
    }

    @Test
    @Order(8)
    void the_monitoring_page_plots_the_drift_and_its_alerts_are_acknowledged_and_resolved() {
        aDrift();
        await().atMost(Duration.ofSeconds(60)).until(() -> alerts().size() >= 2);
        List<JsonNode> alerts = alerts();
        String first = alerts.get(0).get("alert").asText();
        String second = alerts.get(1).get("alert").asText();

        browser.open("#/monitoring");
        assertThat(browser.all("#monitors-table tr.monitor-row")).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("production/" + life.service()).contains("income").contains("PT10M"));
        browser.follow(browser.find("#monitors-table tr.monitor-row[data-key='production/" + life.service() + "'] a"));
        WebElement plot = browser.waitFor(By.cssSelector("#monitor-plots .plot[data-feature='income'][data-series]"));
        assertThat(plot.getAttribute("data-series")).contains("PSI");
        assertThat(plot.getAttribute("class")).contains("breached");
        assertThat(browser.text("#monitor-plots .pager")).startsWith("4 newest windows");
        assertThat(plot.findElements(By.tagName("canvas"))).isNotEmpty();
        // The threshold is a series of its own, drawn dashed.
        assertThat(plot.getText()).contains("PSI threshold");
        assertThat(browser.find("#alerts-table tr.alert-row[data-alert='" + first + "']").getText())
                .contains("DRIFT").contains("income").contains("OPEN");

        browser.find("#alerts-table tr.alert-row[data-alert='" + first + "'] button.acknowledge").click();
        browser.waitFor(By.cssSelector("tr.alert-row[data-alert='" + first + "'][data-state='ACKNOWLEDGED']"));
        assertThat(browser.text("tr.alert-row[data-alert='" + first + "']")).contains("ACKNOWLEDGED")
                .contains("acknowledged by " + ACTOR);
        browser.screenshot("monitoring");

        WebElement row = browser.find("tr.alert-row[data-alert='" + first + "']");
        row.findElement(By.name("comment")).sendKeys("income feed fixed");
        row.findElement(By.cssSelector("button.resolve")).click();
        browser.waitFor(By.cssSelector("tr.alert-row[data-alert='" + first + "'][data-state='RESOLVED']"));
        assertThat(browser.text("tr.alert-row[data-alert='" + first + "']")).contains("RESOLVED")
                .contains("resolved by " + ACTOR).contains("income feed fixed");

        // Resolved behind the page's back, the other alert cannot be acknowledged: the page says so in the API's words.
        graphQl().document("mutation($a: String!) { resolveAlert(input: {alert: $a}) { alertId } }")
                .variable("a", second).execute().path("resolveAlert.alertId").entity(String.class).isEqualTo(second);
        String conflict = apiMessage(bearer(ACTOR), "mutation { acknowledgeAlert(input: {alert: \"" + second
                + "\"}) { alertId } }");
        browser.find("tr.alert-row[data-alert='" + second + "'] button.acknowledge").click();
        browser.waitFor(By.cssSelector("tr.alert-row[data-alert='" + second + "'] .error"));
        assertThat(browser.text("tr.alert-row[data-alert='" + second + "'] .error-message")).isEqualTo(conflict);
        assertThat(browser.text("tr.alert-row[data-alert='" + second + "'] .error-code")).contains("CONFLICT");

        // As of an instant before the monitor, the deployment had none.
        browser.open("#/monitoring/production/" + life.service() + "?asOf=" + v1Live);
        assertThat(browser.text("#no-monitor")).contains("had no monitor as of");
    }

    @Test
    @Order(9)
    void an_error_is_shown_as_the_api_words_it() {
        String forbidden = apiMessage(bearer("console-viewer", Role.VIEWER), "{ auditTrail(first: 1) { nodes { position } } }");
        browser.find("#sign-out").click();
        signIn(bearer("console-viewer", Role.VIEWER));
        browser.ready();
        browser.open("#/audit");
        assertThat(browser.text("#page-audit .error-message")).isEqualTo(forbidden).contains("needs role AUDITOR");
        assertThat(browser.text("#page-audit .error-code")).contains("FORBIDDEN");
    }
}
