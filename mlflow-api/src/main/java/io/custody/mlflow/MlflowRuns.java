package io.custody.mlflow;

import io.custody.command.api.Caller;
import io.custody.command.experiment.ExperimentLookups;
import io.custody.commands.run.CompleteRun;
import io.custody.commands.run.DeleteRun;
import io.custody.commands.run.DeleteRunTag;
import io.custody.commands.run.FailRun;
import io.custody.commands.run.LogMetrics;
import io.custody.commands.run.LogParams;
import io.custody.commands.run.OpenRun;
import io.custody.commands.run.RestoreRun;
import io.custody.commands.run.SetRunTags;
import io.custody.meta.Streams;
import io.custody.mlflow.MlflowRequests.KeyValue;
import io.custody.mlflow.MlflowRequests.MetricValue;
import io.custody.mlflow.MlflowRequests.RunRef;
import io.custody.query.mlflow.MlflowQueries;
import io.custody.query.mlflow.MlflowRunStatus;
import io.custody.query.mlflow.MlflowViews.Metric;
import io.custody.query.mlflow.MlflowViews.Page;
import io.custody.query.mlflow.MlflowViews.Run;
import io.custody.query.mlflow.MlflowViews.RunInfo;
import io.custody.query.mlflow.SearchFilter;
import io.custody.query.mlflow.SearchFilterParser;
import io.custody.values.ExperimentId;
import io.custody.values.RunId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/2.0/mlflow/runs/*} and {@code metrics/get-history}. An MLflow run is a Custody training run: it is
 * created first and its parameters, tags (the git commit among them), inputs and metrics are logged afterwards,
 * each as an event of the run's stream.
 */
@RestController
class MlflowRuns {

    static final String RUNS = "/api/2.0/mlflow/runs";
    private static final String FAILED_REASON = "FAILED, as its MLflow client reported";

    private final MlflowCommands commands;
    private final ExperimentLookups experiments;
    private final MlflowQueries queries;
    private final MlflowDatasets datasets;

    MlflowRuns(MlflowCommands commands, ExperimentLookups experiments, MlflowQueries queries, MlflowDatasets datasets) {
        this.commands = commands;
        this.experiments = experiments;
        this.queries = queries;
        this.datasets = datasets;
    }

    /** The lifecycle stages a view type admits: ACTIVE_ONLY (the default), DELETED_ONLY, ALL. */
    static List<String> stages(String viewType) {
        String view = viewType == null || viewType.isBlank() ? "ACTIVE_ONLY" : viewType.strip().toUpperCase(Locale.ROOT);
        return switch (view) {
            case "ACTIVE_ONLY", "1" -> List.of("active");
            case "DELETED_ONLY", "2" -> List.of("deleted");
            case "ALL", "3" -> List.of("active", "deleted");
            default -> throw MlflowException.invalid("Invalid view type '" + viewType
                    + "': expected ACTIVE_ONLY, DELETED_ONLY or ALL");
        };
    }

    @PostMapping(RUNS + "/create")
    Map<String, Object> create(@RequestBody MlflowRequests.CreateRun request, HttpServletRequest http) {
        // Without an experiment id a run goes into MLflow's default experiment, as on MLflow's own server.
        String experimentId = request.experimentId() == null || request.experimentId().isEmpty()
                ? MlflowDefaultExperiment.ID.value() : request.experimentId();
        ExperimentId experiment = MlflowCommands.value("experiment_id", experimentId, ExperimentId::of);
        if (!experiments.isLive(experiment)) {
            throw MlflowException.missing("No Experiment with id=" + experiment + " exists (or it is deleted)");
        }
        Map<String, String> tags = MlflowLimits.tags(request.tags());
        if (request.runName() != null && !request.runName().isBlank()) {
            tags.put(MlflowRunStatus.RUN_NAME_TAG, request.runName());
        }
        RunId run = RunId.of(UUID.randomUUID().toString().replace("-", ""));
        Caller caller = MlflowCommands.caller(http);
        // Who trained it is the authenticated caller, as over GraphQL; MLflow's user_id is the client's claim.
        commands.send(new OpenRun(run, experiment.value(), caller.actor()), Streams.run(run), caller,
                request.startTime());
        if (!tags.isEmpty()) {
            commands.send(new SetRunTags(run, tags), Streams.run(run), caller, request.startTime());
        }
        return Map.of("run", run(run.value()));
    }

    @GetMapping(RUNS + "/get")
    Map<String, Object> get(@RequestParam(name = "run_id", required = false) String runId,
                            @RequestParam(name = "run_uuid", required = false) String runUuid) {
        String id = runId != null ? runId : MlflowCommands.required("run_id", runUuid);
        commands.awaitLogged();
        return Map.of("run", run(id));
    }

    @PostMapping(RUNS + "/update")
    Map<String, Object> update(@RequestBody MlflowRequests.UpdateRun request, HttpServletRequest http) {
        RunId run = existing(request.id());
        Caller caller = MlflowCommands.caller(http);
        if (request.runName() != null && !request.runName().isBlank()) {
            commands.send(new SetRunTags(run, Map.of(MlflowRunStatus.RUN_NAME_TAG, request.runName())), Streams.run(run),
                    caller, null);
        }
        String status = request.status() == null ? "" : request.status().strip().toUpperCase(Locale.ROOT);
        switch (status) {
            case "", "RUNNING", "SCHEDULED" -> {
                // Nothing to record: a run is running from its creation, and a closed run does not reopen.
            }
            case "FINISHED" -> commands.send(new CompleteRun(run), Streams.run(run), caller, request.endTime());
            case "FAILED" -> commands.send(new FailRun(run, FAILED_REASON), Streams.run(run), caller, request.endTime());
            case "KILLED" -> commands.send(new FailRun(run, MlflowRunStatus.KILLED_REASON), Streams.run(run), caller,
                    request.endTime());
            default -> throw MlflowException.invalid("Invalid value '" + request.status() + "' for parameter 'status'");
        }
        return Map.of("run_info", info(run.value()));
    }

    @PostMapping(RUNS + "/delete")
    Map<String, Object> delete(@RequestBody RunRef request, HttpServletRequest http) {
        RunId run = existing(request.id());
        commands.send(new DeleteRun(run), Streams.run(run), MlflowCommands.caller(http), null);
        return Map.of();
    }

    @PostMapping(RUNS + "/restore")
    Map<String, Object> restore(@RequestBody RunRef request, HttpServletRequest http) {
        RunId run = existing(request.id());
        commands.send(new RestoreRun(run), Streams.run(run), MlflowCommands.caller(http), null);
        return Map.of();
    }

    @PostMapping(RUNS + "/log-metric")
    Map<String, Object> logMetric(@RequestBody MlflowRequests.LogMetric request, HttpServletRequest http) {
        RunId run = existing(request.id());
        MetricValue metric = new MetricValue(request.key(), request.value(), request.timestamp(), request.step());
        MlflowLimits.batch(List.of(metric), List.of(), List.of());
        commands.log(new LogMetrics(run, List.of(metric(metric))), Streams.run(run), MlflowCommands.caller(http));
        return Map.of();
    }

    @PostMapping(RUNS + "/log-parameter")
    Map<String, Object> logParameter(@RequestBody MlflowRequests.LogParam request, HttpServletRequest http) {
        RunId run = existing(request.id());
        MlflowLimits.param(request.key(), request.value());
        commands.send(new LogParams(run, Map.of(request.key(), request.value())), Streams.run(run),
                MlflowCommands.caller(http), null);
        return Map.of();
    }

    @PostMapping(RUNS + "/set-tag")
    Map<String, Object> setTag(@RequestBody MlflowRequests.LogParam request, HttpServletRequest http) {
        RunId run = existing(request.id());
        MlflowLimits.tag(request.key(), request.value());
        commands.send(new SetRunTags(run, Map.of(request.key(), request.value())), Streams.run(run),
                MlflowCommands.caller(http), null);
        return Map.of();
    }

    @PostMapping(RUNS + "/delete-tag")
    Map<String, Object> deleteTag(@RequestBody MlflowRequests.LogParam request, HttpServletRequest http) {
        RunId run = existing(request.id());
        MlflowLimits.key("tag", request.key());
        commands.send(new DeleteRunTag(run, request.key()), Streams.run(run), MlflowCommands.caller(http), null);
        return Map.of();
    }

    /**
     * Parameters, then tags, then metrics, each one event of the run (MLflow's order); all limits are checked
     * first, so a batch MLflow would refuse stores nothing.
     */
    @PostMapping(RUNS + "/log-batch")
    Map<String, Object> logBatch(@RequestBody MlflowRequests.LogBatch request, HttpServletRequest http) {
        MlflowLimits.batch(request.metrics(), request.params(), request.tags());
        RunId run = existing(request.runId());
        Caller caller = MlflowCommands.caller(http);
        Map<String, String> params = new LinkedHashMap<>();
        for (KeyValue param : request.params() == null ? List.<KeyValue>of() : request.params()) {
            String before = params.putIfAbsent(param.key(), param.value());
            if (before != null && !before.equals(param.value())) {
                throw MlflowException.invalid("Duplicate parameter key '" + param.key() + "' with different values "
                        + "in one batch");
            }
        }
        Map<String, String> tags = MlflowLimits.tags(request.tags());
        List<io.custody.values.Metric> metrics = new ArrayList<>();
        for (MetricValue metric : request.metrics() == null ? List.<MetricValue>of() : request.metrics()) {
            metrics.add(metric(metric));
        }
        List<Object> logs = new ArrayList<>();
        if (!params.isEmpty()) {
            logs.add(new LogParams(run, params));
        }
        if (!tags.isEmpty()) {
            logs.add(new SetRunTags(run, tags));
        }
        if (!metrics.isEmpty()) {
            logs.add(new LogMetrics(run, metrics));
        }
        commands.log(logs, Streams.run(run), caller);
        return Map.of();
    }

    @PostMapping(RUNS + "/log-inputs")
    Map<String, Object> logInputs(@RequestBody MlflowRequests.LogInputs request, HttpServletRequest http) {
        RunId run = existing(request.runId());
        datasets.log(run, request.datasets() == null ? List.of() : request.datasets(), MlflowCommands.caller(http));
        return Map.of();
    }

    @PostMapping(RUNS + "/search")
    Map<String, Object> search(@RequestBody MlflowRequests.SearchRuns request) {
        List<String> experimentIds = request.experimentIds() == null ? List.of() : request.experimentIds();
        if (experimentIds.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter 'experiment_ids'.");
        }
        int limit = MlflowLimits.maxResults(request.maxResults(), MlflowLimits.MAX_RESULTS_SEARCH_RUNS);
        SearchFilter filter = MlflowCommands.build(() -> SearchFilterParser.filter(request.filter()));
        List<SearchFilter.Order> orders = new ArrayList<>();
        for (String order : request.orderBy() == null ? List.<String>of() : request.orderBy()) {
            orders.add(MlflowCommands.build(() -> SearchFilterParser.order(order)));
        }
        commands.awaitLogged();
        Page<Run> page = queries.searchRuns(experimentIds, stages(request.runViewType()), filter, orders, limit,
                PageTokens.offset(request.pageToken()));
        return PageTokens.answer("runs", page);
    }

    @GetMapping("/api/2.0/mlflow/metrics/get-history")
    Map<String, Object> metricHistory(@RequestParam(name = "run_id", required = false) String runId,
                                      @RequestParam(name = "run_uuid", required = false) String runUuid,
                                      @RequestParam(name = "metric_key") String key,
                                      @RequestParam(name = "max_results", required = false) Integer maxResults,
                                      @RequestParam(name = "page_token", required = false) String pageToken) {
        String id = runId != null ? runId : MlflowCommands.required("run_id", runUuid);
        commands.awaitLogged();
        info(id);
        // MLflow answers the whole history when no max_results is given.
        int limit = maxResults == null ? Integer.MAX_VALUE - 1 : MlflowLimits.maxResults(maxResults, 25000);
        Page<Metric> page = queries.metricHistory(id, key, limit, PageTokens.offset(pageToken));
        return PageTokens.answer("metrics", page);
    }


    private static io.custody.values.Metric metric(MetricValue metric) {
        MlflowCommands.required("value", metric.value());
        return MlflowCommands.build(() -> new io.custody.values.Metric(metric.key(), metric.value(),
                metric.step() == null ? 0 : metric.step(),
                metric.timestamp() == null ? null : Instant.ofEpochMilli(metric.timestamp())));
    }

    private RunId existing(String id) {
        RunId run = MlflowCommands.value("run_id", id, RunId::of);
        info(run.value());
        return run;
    }

    private RunInfo info(String id) {
        return queries.runInfo(id).orElseThrow(() -> MlflowException.missing("Run with id=" + id + " not found"));
    }

    private Run run(String id) {
        return queries.run(id).orElseThrow(() -> MlflowException.missing("Run with id=" + id + " not found"));
    }
}
