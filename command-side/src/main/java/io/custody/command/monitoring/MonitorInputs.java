package io.custody.command.monitoring;

import io.custody.command.api.Inputs;
import io.custody.commands.monitoring.AcknowledgeAlert;
import io.custody.commands.monitoring.ChangeMonitor;
import io.custody.commands.monitoring.CreateMonitor;
import io.custody.commands.monitoring.PauseMonitor;
import io.custody.commands.monitoring.ResolveAlert;
import io.custody.errors.CustodyException;
import io.custody.time.IsoInstants;
import io.custody.values.AlertId;
import io.custody.values.DatasetName;
import io.custody.values.Environment;
import io.custody.values.ModelTask;
import io.custody.values.MonitorBaseline;
import io.custody.values.MonitorThreshold;
import io.custody.values.PerformanceSpec;
import io.custody.values.ServiceName;
import io.custody.values.Statistic;
import io.custody.values.VersionLabel;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The wire shapes of the monitor and alert commands, and their validation. */
final class MonitorInputs {

    private MonitorInputs() {
    }

    record BaselineInput(String dataset, String version, String referenceFrom, String referenceTo) {

        MonitorBaseline toValue() {
            return new MonitorBaseline(Inputs.optional("input.baseline.dataset", dataset, DatasetName::new),
                    Inputs.optional("input.baseline.version", version, VersionLabel::new),
                    instant("input.baseline.referenceFrom", referenceFrom),
                    instant("input.baseline.referenceTo", referenceTo));
        }
    }

    record ThresholdInput(Statistic statistic, String feature, Double value) {

        MonitorThreshold toValue() {
            Double v = Inputs.present("input.thresholds.value", value);
            return Inputs.value("input.thresholds", () -> new MonitorThreshold(statistic, feature, v));
        }
    }

    record PerformanceInput(ModelTask task, String outputField, String outcomeField) {

        PerformanceSpec toValue() {
            return Inputs.value("input.performance", () -> new PerformanceSpec(task, outputField, outcomeField));
        }
    }

    record MonitorInput(String environment, String service, List<String> features, BaselineInput baseline,
                        String window, List<ThresholdInput> thresholds, PerformanceInput performance,
                        String clientEventId) {

        CreateMonitor toCreate() {
            return new CreateMonitor(env(), svc(), features == null ? List.of() : List.copyOf(features),
                    Inputs.present("input.baseline", baseline).toValue(), windowLength(),
                    Inputs.list("input.thresholds", thresholds, ThresholdInput::toValue),
                    performance == null ? null : performance.toValue());
        }

        ChangeMonitor toChange() {
            CreateMonitor c = toCreate();
            return new ChangeMonitor(c.environment(), c.service(), c.features(), c.baseline(), c.window(),
                    c.thresholds(), c.performance());
        }

        Environment env() {
            return Inputs.required("input.environment", environment, Environment::new);
        }

        ServiceName svc() {
            return Inputs.required("input.service", service, ServiceName::new);
        }

        private Duration windowLength() {
            String raw = Inputs.present("input.window", window);
            try {
                return Duration.parse(raw);
            } catch (DateTimeParseException e) {
                throw CustodyException.badRequest("input.window", "must be an ISO-8601 duration such as PT1H, was " + raw);
            }
        }
    }

    record PauseMonitorInput(String environment, String service, String reason, String clientEventId) {

        PauseMonitor toCommand() {
            return new PauseMonitor(Inputs.required("input.environment", environment, Environment::new),
                    Inputs.required("input.service", service, ServiceName::new),
                    Inputs.text("input.reason", reason, MonitorRules.MAX_COMMENT, false));
        }
    }

    record AlertInput(String alert, String comment, String clientEventId) {

        AcknowledgeAlert toAcknowledge() {
            return new AcknowledgeAlert(id(), Inputs.text("input.comment", comment, MonitorRules.MAX_COMMENT, false));
        }

        ResolveAlert toResolve() {
            return new ResolveAlert(id(), Inputs.text("input.comment", comment, MonitorRules.MAX_COMMENT, false));
        }

        private AlertId id() {
            return Inputs.required("input.alert", alert, AlertId::new);
        }
    }

    private static Instant instant(String field, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return IsoInstants.parse(raw);
        } catch (DateTimeParseException e) {
            throw CustodyException.badRequest(field, "must be an ISO-8601 instant, e.g. 2026-01-15T09:00:00Z");
        }
    }
}
