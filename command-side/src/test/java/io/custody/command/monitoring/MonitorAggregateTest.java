package io.custody.command.monitoring;

import io.custody.command.lookup.StubLookups;
import io.custody.commands.monitoring.AcknowledgeAlert;
import io.custody.commands.monitoring.ChangeMonitor;
import io.custody.commands.monitoring.CreateMonitor;
import io.custody.commands.monitoring.EvaluateMonitorWindow;
import io.custody.commands.monitoring.PauseMonitor;
import io.custody.commands.monitoring.ResolveAlert;
import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.events.monitoring.AlertAcknowledged;
import io.custody.events.monitoring.AlertResolved;
import io.custody.events.monitoring.DriftDetected;
import io.custody.events.monitoring.MonitorChanged;
import io.custody.events.monitoring.MonitorCreated;
import io.custody.events.monitoring.MonitorPaused;
import io.custody.events.monitoring.MonitorRecovered;
import io.custody.events.monitoring.PerformanceDegraded;
import io.custody.values.AlertId;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelTask;
import io.custody.values.ModelVersionRef;
import io.custody.values.MonitorBaseline;
import io.custody.values.MonitorThreshold;
import io.custody.values.PerformanceSpec;
import io.custody.values.ServiceName;
import io.custody.values.Statistic;
import io.custody.values.VersionLabel;
import io.custody.values.WindowStatistic;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.custody.command.support.CustodyMatchers.custody;
import static org.hamcrest.Matchers.containsString;

class MonitorAggregateTest {

    private static final Environment ENV = new Environment("production");
    private static final ServiceName SVC = new ServiceName("credit-api");
    private static final ModelVersionRef V1 = new ModelVersionRef(new ModelName("credit-risk"), 1);
    private static final DatasetName DATASET = DatasetName.of("lending/applications");
    private static final VersionLabel V3 = VersionLabel.of("v3");
    private static final MonitorBaseline DATASET_BASELINE = new MonitorBaseline(DATASET, V3, null, null);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final List<MonitorThreshold> PSI = List.of(new MonitorThreshold(Statistic.PSI, null, 0.2));
    private static final Instant W1 = Instant.parse("2026-02-01T10:00:00Z");
    private static final Instant W2 = W1.plus(HOUR);
    private static final Instant W3 = W2.plus(HOUR);
    private static final AlertId ALERT = AlertId.of(ENV, SVC, 1);

    private AggregateTestFixture<MonitorAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MonitorAggregate.class);
        fixture.registerInjectableResource(new StubLookups().deployed(ENV, SVC, V1)
                .datasetVersion(DATASET, V3, ContentDigest.of("sha256:" + "a".repeat(64)), false));
    }

    private static CreateMonitor create(List<String> features, MonitorBaseline baseline, Duration window,
                                        List<MonitorThreshold> thresholds, PerformanceSpec performance) {
        return new CreateMonitor(ENV, SVC, features, baseline, window, thresholds, performance);
    }

    private static MonitorCreated created() {
        return new MonitorCreated(ENV, SVC, List.of("income"), DATASET_BASELINE, HOUR, PSI, null);
    }

    private static MonitorCreated createdWithPerformance() {
        return new MonitorCreated(ENV, SVC, List.of("income"), DATASET_BASELINE, HOUR,
                List.of(new MonitorThreshold(Statistic.ACCURACY, null, 0.05)),
                new PerformanceSpec(ModelTask.CLASSIFICATION, null, null));
    }

    private static EvaluateMonitorWindow window(Instant start, WindowStatistic... statistics) {
        return new EvaluateMonitorWindow(ENV, SVC, start, start.plus(HOUR), List.of(statistics), V1);
    }

    private static DriftDetected drift(Instant start, double value) {
        return new DriftDetected(ENV, SVC, ALERT, "income", Statistic.PSI, value, 0.2, start, start.plus(HOUR));
    }

    @Test
    void create_records_the_monitor() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("income"), DATASET_BASELINE, HOUR, PSI, null))
                .expectEvents(created());
    }

    @Test
    void create_fails_withConflict_whenTheDeploymentHasAMonitor() {
        fixture.given(created())
                .when(create(List.of("income"), DATASET_BASELINE, HOUR, PSI, null))
                .expectException(CustodyException.class)
                .expectExceptionMessage(containsString("changeMonitor"));
    }

    @Test
    void create_fails_withNotFound_forADeploymentNeverDeployed() {
        fixture.givenNoPriorActivity()
                .when(new CreateMonitor(ENV, new ServiceName("other-api"), List.of("income"), DATASET_BASELINE, HOUR,
                        PSI, null))
                .expectException(CustodyException.class)
                .expectExceptionMessage(containsString("nothing was ever deployed"));
    }

    @Test
    void create_fails_withBadRequest_forAWindowOfPartMinutes() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("income"), DATASET_BASELINE, Duration.ofSeconds(90), PSI, null))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.window", ""));
    }

    @Test
    void create_fails_withBadRequest_withoutFeaturesOrPerformance() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(), DATASET_BASELINE, HOUR, PSI, null))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.features", ""));
    }

    @Test
    void create_fails_withNotFound_forAnUnregisteredDatasetVersion() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("income"), new MonitorBaseline(DATASET, VersionLabel.of("v9"), null, null), HOUR,
                        PSI, null))
                .expectException(custody(ErrorCode.NOT_FOUND, "input.baseline.version", ""));
    }

    @Test
    void create_fails_withBadRequest_forABaselineThatIsBothOrNeither() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("income"), new MonitorBaseline(DATASET, V3, W1, W2), HOUR, PSI, null))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.baseline", ""));
    }

    @Test
    void create_fails_withBadRequest_forAReferenceIntervalEndingBeforeItStarts() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("income"), new MonitorBaseline(null, null, W2, W1), HOUR, PSI, null))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.baseline.referenceTo", ""));
    }

    @Test
    void create_fails_withBadRequest_forAPerformanceThresholdOfTheOtherTask() {
        fixture.givenNoPriorActivity()
                .when(create(List.of("income"), DATASET_BASELINE, HOUR,
                        List.of(new MonitorThreshold(Statistic.MAE, null, 0.1)),
                        new PerformanceSpec(ModelTask.CLASSIFICATION, null, null)))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.thresholds", ""));
    }

    @Test
    void change_records_the_new_settings() {
        fixture.given(created())
                .when(new ChangeMonitor(ENV, SVC, List.of("income", "age"), DATASET_BASELINE, HOUR, PSI, null))
                .expectEvents(new MonitorChanged(ENV, SVC, List.of("income", "age"), DATASET_BASELINE, HOUR, PSI, null));
    }

    @Test
    void change_to_the_same_settings_is_a_noop() {
        fixture.given(created())
                .when(new ChangeMonitor(ENV, SVC, List.of("income"), DATASET_BASELINE, HOUR, PSI, null))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void change_fails_forAMonitorThatDoesNotExist() {
        fixture.givenNoPriorActivity()
                .when(new ChangeMonitor(ENV, SVC, List.of("income"), DATASET_BASELINE, HOUR, PSI, null))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void pause_records_the_pause_once() {
        fixture.given(created())
                .when(new PauseMonitor(ENV, SVC, "retraining"))
                .expectEvents(new MonitorPaused(ENV, SVC, "retraining"));
        fixture.given(created(), new MonitorPaused(ENV, SVC, null))
                .when(new PauseMonitor(ENV, SVC, "again"))
                .expectNoEvents();
    }

    @Test
    void a_breached_threshold_opens_an_alert_on_that_feature() {
        fixture.given(created())
                .when(window(W1, new WindowStatistic("income", Statistic.PSI, 0.8, null),
                        new WindowStatistic("age", Statistic.PSI, 0.8, null),
                        new WindowStatistic("income", Statistic.KS, 0.9, null)))
                .expectEvents(drift(W1, 0.8));
    }

    @Test
    void a_breach_that_continues_opens_no_second_alert() {
        fixture.given(created(), drift(W1, 0.8))
                .when(window(W2, new WindowStatistic("income", Statistic.PSI, 0.9, null)))
                .expectNoEvents();
    }

    @Test
    void a_window_within_bounds_recovers_the_open_alert() {
        fixture.given(created(), drift(W1, 0.8))
                .when(window(W2, new WindowStatistic("income", Statistic.PSI, 0.05, null)))
                .expectEvents(new MonitorRecovered(ENV, SVC, ALERT, "income", Statistic.PSI, 0.05, 0.2, W2,
                        W2.plus(HOUR)));
    }

    @Test
    void a_window_judged_before_is_a_noop() {
        fixture.given(created(), drift(W2, 0.8))
                .when(window(W1, new WindowStatistic("income", Statistic.PSI, 0.05, null)))
                .expectNoEvents();
    }

    @Test
    void a_paused_monitor_opens_no_alert() {
        fixture.given(created(), new MonitorPaused(ENV, SVC, null))
                .when(window(W1, new WindowStatistic("income", Statistic.PSI, 0.8, null)))
                .expectNoEvents();
    }

    @Test
    void accuracy_below_validation_by_more_than_the_threshold_degrades_performance() {
        fixture.given(createdWithPerformance())
                .when(window(W1, new WindowStatistic("output", Statistic.ACCURACY, 0.70, 0.90)))
                .expectEvents(new PerformanceDegraded(ENV, SVC, ALERT, "output", Statistic.ACCURACY, 0.70, 0.05, 0.90,
                        V1, W1, W1.plus(HOUR)));
    }

    @Test
    void performance_without_a_validation_metric_is_not_judged() {
        fixture.given(createdWithPerformance())
                .when(window(W1, new WindowStatistic("output", Statistic.ACCURACY, 0.10, null)))
                .expectNoEvents();
    }

    @Test
    void acknowledge_moves_an_open_alert_to_acknowledged() {
        fixture.given(created(), drift(W1, 0.8))
                .when(new AcknowledgeAlert(ALERT, "looking"))
                .expectEvents(new AlertAcknowledged(ENV, SVC, ALERT, "looking"));
    }

    @Test
    void acknowledge_fails_withConflict_forAResolvedAlert() {
        fixture.given(created(), drift(W1, 0.8), new AlertResolved(ENV, SVC, ALERT, null))
                .when(new AcknowledgeAlert(ALERT, "late"))
                .expectException(custody(ErrorCode.CONFLICT, "input.alert", "resolved"))
                .expectExceptionMessage(containsString("resolved"));
    }

    @Test
    void acknowledge_fails_withNotFound_forAnUnknownAlert() {
        fixture.given(created())
                .when(new AcknowledgeAlert(ALERT, null))
                .expectException(CustodyException.class)
                .expectExceptionMessage(containsString("no alert"));
    }

    @Test
    void resolve_closes_an_acknowledged_alert_and_a_later_breach_opens_a_new_one() {
        fixture.given(created(), drift(W1, 0.8), new AlertAcknowledged(ENV, SVC, ALERT, null))
                .when(new ResolveAlert(ALERT, "fixed upstream"))
                .expectEvents(new AlertResolved(ENV, SVC, ALERT, "fixed upstream"));
        fixture.given(created(), drift(W1, 0.8), new AlertResolved(ENV, SVC, ALERT, null))
                .when(window(W3, new WindowStatistic("income", Statistic.PSI, 0.8, null)))
                .expectEvents(new DriftDetected(ENV, SVC, AlertId.of(ENV, SVC, 2), "income", Statistic.PSI, 0.8, 0.2,
                        W3, W3.plus(HOUR)));
    }

    @Test
    void resolve_of_a_resolved_alert_is_a_noop() {
        fixture.given(created(), drift(W1, 0.8), new AlertResolved(ENV, SVC, ALERT, null))
                .when(new ResolveAlert(ALERT, null))
                .expectNoEvents();
    }
}
