package io.custody.command.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.commands.monitoring.EvaluateMonitorWindow;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.model.ValidationRecorded;
import io.custody.events.monitoring.MonitorChanged;
import io.custody.events.monitoring.MonitorCreated;
import io.custody.events.monitoring.MonitorPaused;
import io.custody.events.prediction.OutcomesRecorded;
import io.custody.events.prediction.PredictionsRecorded;
import io.custody.meta.Metadata;
import io.custody.monitoring.MonitorFold;
import io.custody.monitoring.PredictionBatchView;
import io.custody.monitoring.StoredPayloads;
import io.custody.monitoring.MonitorFold.ClosedWindow;
import io.custody.monitoring.MonitorSettings;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Detects drift and degraded performance: folds prediction and outcome events into windows
 * ({@link MonitorFold}, tables {@code cs_monitor*}) and, as each window closes, sends its statistics to the
 * monitor ({@link EvaluateMonitorWindow}), whose rules decide which alerts open and recover. The command runs
 * in this processor's transaction, so the window's state, the alert events and the token commit together: after
 * a crash the window is judged once, from where the last commit left.
 */
@Component
@ProcessingGroup(MonitorDetection.GROUP)
public class MonitorDetection {

    public static final String GROUP = "monitor-detection";
    /** Who the detection events name as their actor. */
    public static final String ACTOR = "custody:monitoring";

    private final MonitorFold fold;
    private final CommandGateway commands;
    private final ObjectMapper json;
    private final StoredPayloads payloads;

    MonitorDetection(JdbcTemplate jdbc, ObjectMapper json, CommandGateway commands, StoredPayloads payloads,
                     @Value("${custody.monitoring.lateness:PT2M}") Duration lateness) {
        this.fold = new MonitorFold(jdbc, json, "cs", lateness);
        this.commands = commands;
        this.json = json;
        this.payloads = payloads;
    }

    @EventHandler
    void on(MonitorCreated e) {
        fold.settings(e.environment(), e.service(), new MonitorSettings(e.features(), e.baseline(), e.window(),
                e.thresholds(), e.performance()));
    }

    @EventHandler
    void on(MonitorChanged e) {
        fold.settings(e.environment(), e.service(), new MonitorSettings(e.features(), e.baseline(), e.window(),
                e.thresholds(), e.performance()));
    }

    @EventHandler
    void on(MonitorPaused e) {
        fold.paused(e.environment(), e.service());
    }

    @EventHandler
    void on(DatasetVersionRegistered e) {
        fold.profiles(e.dataset(), e.version(), e.profile());
    }

    @EventHandler
    void on(ValidationRecorded e) {
        fold.validation(e.model().value(), e.version(), e.metrics());
    }

    // A batch of a deployment without a monitor stays serialized (most deployments have none); one with a monitor
    // is read only as far as its sketches.
    @EventHandler(payloadType = PredictionsRecorded.class)
    void on(EventMessage<PredictionsRecorded> message) {
        judge(fold.predictions(message instanceof DomainEventMessage<?> m ? m.getAggregateIdentifier() : null,
                message::getPayload, () -> PredictionBatchView.read(json, payloads.json(message))));
    }

    @EventHandler
    void on(OutcomesRecorded e) {
        judge(fold.outcomes(e.environment(), e.service(), e.outcomes()));
    }

    private void judge(List<ClosedWindow> closed) {
        for (ClosedWindow w : closed) {
            if (w.paused() || w.statistics().isEmpty()) {
                continue;
            }
            EvaluateMonitorWindow command = new EvaluateMonitorWindow(w.environment(), w.service(), w.start(), w.end(),
                    w.statistics(), w.modelVersion());
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(MetaData.with(Metadata.ACTOR, ACTOR)));
        }
    }
}
