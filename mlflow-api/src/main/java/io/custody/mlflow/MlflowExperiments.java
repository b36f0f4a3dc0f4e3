package io.custody.mlflow;

import io.custody.command.api.Caller;
import io.custody.command.experiment.ExperimentLookups;
import io.custody.commands.experiment.CreateExperiment;
import io.custody.commands.experiment.DeleteExperiment;
import io.custody.commands.experiment.RenameExperiment;
import io.custody.commands.experiment.RestoreExperiment;
import io.custody.commands.experiment.SetExperimentTag;
import io.custody.meta.Streams;
import io.custody.mlflow.MlflowRequests.ExperimentRef;
import io.custody.mlflow.MlflowRequests.KeyValue;
import io.custody.mlflow.MlflowRequests.SearchExperiments;
import io.custody.mlflow.MlflowRequests.UpdateExperiment;
import io.custody.query.mlflow.MlflowQueries;
import io.custody.query.mlflow.MlflowViews.Experiment;
import io.custody.query.mlflow.MlflowViews.Page;
import io.custody.values.ExperimentId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /api/2.0/mlflow/experiments/*}: MLflow experiments are Custody experiments; a delete is a tombstone. */
@RestController
@RequestMapping(MlflowExperiments.BASE)
class MlflowExperiments {

    static final String BASE = "/api/2.0/mlflow/experiments";
    /** The one experiment filter supported: on the name, which is what MLflow clients search experiments by. */
    private static final Pattern NAME_FILTER = Pattern.compile(
            "\\s*(?:attributes?\\.)?name\\s*(=|LIKE|ILIKE)\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*", Pattern.CASE_INSENSITIVE);

    private final MlflowCommands commands;
    private final ExperimentLookups lookups;
    private final MlflowQueries queries;

    MlflowExperiments(MlflowCommands commands, ExperimentLookups lookups, MlflowQueries queries) {
        this.commands = commands;
        this.lookups = lookups;
        this.queries = queries;
    }

    @PostMapping("/create")
    Map<String, Object> create(@RequestBody MlflowRequests.CreateExperiment request, HttpServletRequest http) {
        String name = MlflowCommands.required("name", request.name());
        Map<String, String> tags = new LinkedHashMap<>();
        for (KeyValue tag : request.tags() == null ? List.<KeyValue>of() : request.tags()) {
            MlflowLimits.experimentTag(tag.key(), tag.value());
            tags.put(tag.key(), tag.value());
        }
        lookups.liveExperimentNamed(name).ifPresent(other -> {
            throw MlflowException.exists("Experiment '" + name + "' already exists.");
        });
        ExperimentId id = lookups.nextId();
        CreateExperiment command = new CreateExperiment(id, name, request.artifactLocation(), tags);
        try {
            commands.send(command, command.streamId(), MlflowCommands.caller(http), null);
        } catch (MlflowException e) {
            // Another request took the name between the check and the append.
            if (e.errorCode().equals(MlflowException.INVALID_PARAMETER_VALUE) && e.getMessage().contains("already exists")) {
                throw MlflowException.exists("Experiment '" + name + "' already exists.");
            }
            throw e;
        }
        return Map.of("experiment_id", id.value());
    }

    @GetMapping("/get")
    Map<String, Object> get(@RequestParam("experiment_id") String id) {
        return Map.of("experiment", experiment(id));
    }

    @GetMapping("/get-by-name")
    Map<String, Object> getByName(@RequestParam("experiment_name") String name) {
        return Map.of("experiment", queries.experimentNamed(name).orElseThrow(() -> MlflowException.missing(
                "Could not find experiment with name '" + name + "'")));
    }

    @GetMapping("/search")
    Map<String, Object> searchByQuery(@RequestParam(name = "max_results", required = false) Integer maxResults,
                                      @RequestParam(name = "page_token", required = false) String pageToken,
                                      @RequestParam(name = "filter", required = false) String filter,
                                      @RequestParam(name = "order_by", required = false) List<String> orderBy,
                                      @RequestParam(name = "view_type", required = false) String viewType) {
        return search(new SearchExperiments(maxResults, pageToken, filter, orderBy, viewType));
    }

    @PostMapping("/search")
    Map<String, Object> search(@RequestBody SearchExperiments request) {
        int limit = MlflowLimits.maxResults(request.maxResults(), MlflowLimits.MAX_RESULTS_SEARCH_RUNS);
        String pattern = null;
        if (request.filter() != null && !request.filter().isBlank()) {
            Matcher m = NAME_FILTER.matcher(request.filter());
            if (!m.matches()) {
                throw MlflowException.invalid("Invalid filter '" + request.filter() + "': experiments are searched "
                        + "by name only (name = '...', name LIKE '...', name ILIKE '...')");
            }
            String value = m.group(2) != null ? m.group(2) : m.group(3);
            pattern = m.group(1).equals("=") ? value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    : value;
        }
        boolean byName = false;
        for (String order : request.orderBy() == null ? List.<String>of() : request.orderBy()) {
            String key = order.strip().toLowerCase(Locale.ROOT);
            if (key.matches("(attributes?\\.)?name( asc)?")) {
                byName = true;
            } else if (!key.matches("(attributes?\\.)?last_update_time desc")) {
                throw MlflowException.invalid("Invalid order_by clause '" + order + "': supported are name ASC and "
                        + "last_update_time DESC");
            }
        }
        Page<Experiment> page = queries.experiments(MlflowRuns.stages(request.viewType()), pattern, byName, limit,
                PageTokens.offset(request.pageToken()));
        return PageTokens.answer("experiments", page);
    }

    @PostMapping("/update")
    Map<String, Object> update(@RequestBody UpdateExperiment request, HttpServletRequest http) {
        ExperimentId id = id(request.experimentId());
        String name = MlflowCommands.required("new_name", request.newName());
        experiment(id.value());
        lookups.liveExperimentNamed(name).filter(other -> !other.equals(id)).ifPresent(other -> {
            throw MlflowException.exists("Experiment '" + name + "' already exists.");
        });
        send(new RenameExperiment(id, name), Streams.experiment(id), http);
        return Map.of();
    }

    @PostMapping("/delete")
    Map<String, Object> delete(@RequestBody ExperimentRef request, HttpServletRequest http) {
        ExperimentId id = id(request.experimentId());
        experiment(id.value());
        send(new DeleteExperiment(id), Streams.experiment(id), http);
        return Map.of();
    }

    @PostMapping("/restore")
    Map<String, Object> restore(@RequestBody ExperimentRef request, HttpServletRequest http) {
        ExperimentId id = id(request.experimentId());
        experiment(id.value());
        send(new RestoreExperiment(id), Streams.experiment(id), http);
        return Map.of();
    }

    @PostMapping("/set-experiment-tag")
    Map<String, Object> setTag(@RequestBody MlflowRequests.SetExperimentTag request, HttpServletRequest http) {
        ExperimentId id = id(request.experimentId());
        MlflowLimits.experimentTag(request.key(), request.value());
        experiment(id.value());
        send(new SetExperimentTag(id, request.key(), request.value()), Streams.experiment(id), http);
        return Map.of();
    }

    private void send(Object command, String stream, HttpServletRequest http) {
        Caller caller = MlflowCommands.caller(http);
        commands.send(command, stream, caller, null);
    }

    private static ExperimentId id(String raw) {
        return MlflowCommands.value("experiment_id", raw, ExperimentId::of);
    }

    private Experiment experiment(String id) {
        return queries.experiment(id).orElseThrow(() -> MlflowException.missing("No Experiment with id=" + id
                + " exists"));
    }
}
