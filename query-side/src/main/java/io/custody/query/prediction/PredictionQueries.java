package io.custody.query.prediction;

import io.custody.errors.CustodyException;
import io.custody.query.deployment.DeploymentIntervalView;
import io.custody.query.deployment.DeploymentRepository;
import io.custody.query.model.ApprovalView;
import io.custody.query.model.ModelRepository;
import io.custody.query.model.ModelVersionKey;
import io.custody.query.model.ModelVersionView;
import io.custody.query.model.ValidationView;
import io.custody.query.run.RunInputView;
import io.custody.query.run.RunRepository;
import io.custody.query.run.RunView;
import io.custody.query.support.AsOf;
import io.custody.query.support.Batches;
import io.custody.values.Environment;
import io.custody.values.RequestId;
import io.custody.values.ServiceName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Predictions and their chain of custody. A custody answer is about one prediction, so its links are
 * single lookups, each made only when the query asks for it. Asked as of an instant, every link is
 * read as of that instant: the approvals Custody knew of then, the deployment stint as it stood then.
 */
@Controller
class PredictionQueries {

    private final PredictionRepository predictions;
    private final DeploymentRepository deployments;
    private final ModelRepository models;
    private final RunRepository runs;

    PredictionQueries(PredictionRepository predictions, DeploymentRepository deployments, ModelRepository models,
                      RunRepository runs) {
        this.predictions = predictions;
        this.deployments = deployments;
        this.models = models;
        this.runs = runs;
    }

    @QueryMapping
    PredictionView prediction(@Argument String environment, @Argument String service, @Argument String requestId,
                              @Argument OffsetDateTime asOf, @Argument AsOf.TimeBasis timeBasis) {
        return find(environment, service, requestId, AsOf.of(asOf, timeBasis)).orElse(null);
    }

    @QueryMapping
    CustodyView custody(@Argument String environment, @Argument String service, @Argument String requestId,
                        @Argument OffsetDateTime asOf, @Argument AsOf.TimeBasis timeBasis) {
        return find(environment, service, requestId, AsOf.of(asOf, timeBasis)).map(CustodyView::new).orElse(null);
    }

    @SchemaMapping(typeName = "Custody", field = "deployment")
    DeploymentIntervalView deployment(CustodyView custody) {
        PredictionView p = custody.prediction();
        return deployments.servingAt(p.deploymentKey(), p.modelVersionKey(), p.predictedAt(), p.position(), p.asOf())
                .orElse(null);
    }

    @SchemaMapping(typeName = "Custody", field = "modelVersion")
    ModelVersionView modelVersion(CustodyView custody) {
        return version(custody.prediction()).orElse(null);
    }

    @SchemaMapping(typeName = "Custody", field = "validations")
    List<ValidationView> validations(CustodyView custody) {
        return models.validationsOf(List.of(custody.prediction().modelVersionKey()), custody.prediction().asOf());
    }

    @SchemaMapping(typeName = "Custody", field = "approvals")
    List<ApprovalView> approvals(CustodyView custody) {
        return models.approvalsOf(List.of(custody.prediction().modelVersionKey()), custody.prediction().asOf());
    }

    @SchemaMapping(typeName = "Custody", field = "run")
    RunView run(CustodyView custody) {
        return runOf(custody.prediction()).flatMap(run -> runs.find(run, custody.prediction().asOf())).orElse(null);
    }

    @SchemaMapping(typeName = "Custody", field = "inputs")
    List<RunInputView> inputs(CustodyView custody) {
        return runOf(custody.prediction()).map(run -> runs.inputsOf(List.of(run), custody.prediction().asOf()))
                .orElse(List.of());
    }

    @BatchMapping(typeName = "Prediction", field = "modelVersion")
    Map<PredictionView, ModelVersionView> predictionModelVersion(List<PredictionView> parents) {
        return Batches.perAsOf(parents, PredictionView::asOf, (group, asOf) -> {
            Map<ModelVersionKey, ModelVersionView> found = models.findVersions(group.stream()
                            .map(PredictionView::modelVersionKey).distinct().toList(), asOf).stream()
                    .collect(Collectors.toMap(ModelVersionView::key, Function.identity()));
            Map<PredictionView, ModelVersionView> out = new LinkedHashMap<>();
            group.forEach(p -> {
                ModelVersionView v = found.get(p.modelVersionKey());
                if (v != null) {
                    out.put(p, v);
                }
            });
            return out;
        });
    }

    private Optional<ModelVersionView> version(PredictionView prediction) {
        return models.findVersion(prediction.model(), prediction.version(), prediction.asOf());
    }

    private Optional<String> runOf(PredictionView prediction) {
        return version(prediction).map(ModelVersionView::runId);
    }

    private Optional<PredictionView> find(String environment, String service, String requestId, AsOf asOf) {
        return predictions.find(parse("environment", () -> new Environment(environment).value()),
                parse("service", () -> new ServiceName(service).value()),
                parse("requestId", () -> new RequestId(requestId).value()), asOf);
    }

    private static String parse(String field, Supplier<String> value) {
        try {
            return value.get();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }
}
