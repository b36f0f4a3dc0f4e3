package io.custody.query.policy;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.custody.payloads.PolicyPayload;
import io.custody.errors.CustodyException;
import io.custody.query.model.ModelVersionView;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import io.custody.values.DecisionOutcome;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.PolicyName;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The read side of governance: policies, their versions and diffs, and the decisions taken under them. */
@Controller
class PolicyQueries {

    private final PolicyRepository policies;

    PolicyQueries(PolicyRepository policies) {
        this.policies = policies;
    }

    /** A line diff between two versions of a policy, in the unified format. */
    record PolicyDiffView(String name, int from, int to, List<String> lines) {
    }

    @QueryMapping
    PolicyView policy(@Argument String name, @Argument Integer version, @Argument OffsetDateTime asOf) {
        if (name == null) {
            if (version != null) {
                throw CustodyException.badRequest("version", "needs name: versions are numbered per policy");
            }
            return policies.inForce(asOf);
        }
        return policies.version(policyName("name", name), version, asOf).orElse(null);
    }

    @QueryMapping
    List<PolicyView> policies() {
        List<PolicyView> all = new ArrayList<>(policies.all());
        all.add(PolicyRepository.BUILTIN);
        return all;
    }

    /** One look at the policy in force for every Policy of the answer. */
    @BatchMapping(typeName = "Policy", field = "inForce")
    Map<PolicyView, Boolean> inForce(List<PolicyView> views) {
        PolicyView current = policies.inForce(null);
        Map<PolicyView, Boolean> answer = new LinkedHashMap<>();
        views.forEach(v -> answer.put(v, current.name().equals(v.name()) && current.version() == v.version()));
        return answer;
    }

    @QueryMapping
    PolicyDiffView policyDiff(@Argument String name, @Argument int from, @Argument int to) {
        String policy = policyName("name", name);
        String a = policies.version(policy, from, null).orElseThrow(() -> CustodyException.notFound("from",
                "policy " + policy + " has no version " + from)).document();
        String b = policies.version(policy, to, null).orElseThrow(() -> CustodyException.notFound("to",
                "policy " + policy + " has no version " + to)).document();
        List<String> original = a.lines().toList();
        List<String> revised = b.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(policy + "@" + from, policy + "@" + to, original,
                DiffUtils.diff(original, revised), 3);
        return new PolicyDiffView(policy, from, to, lines);
    }

    @QueryMapping
    Connection<DecisionView> decisions(@Argument String model, @Argument Integer version,
                                       @Argument String environment, @Argument DecisionOutcome outcome,
                                       @Argument Integer first, @Argument String after) {
        if (model != null) {
            parse("model", () -> ModelName.of(model));
        }
        if (environment != null) {
            parse("environment", () -> Environment.of(environment));
        }
        int size = Cursors.pageSize(first);
        String cursor = Cursors.decode(after);
        Long before = cursor == null ? null : Cursors.parse(cursor, Long::parseLong);
        List<DecisionView> rows = policies.decisions(model, version, environment,
                outcome == null ? null : outcome.name(), before, size + 1);
        return Connection.fromOverfetch(rows, size, d -> Long.toString(d.position()), null);
    }

    @BatchMapping(typeName = "ModelVersion", field = "decisions")
    Map<ModelVersionView, List<DecisionView>> versionDecisions(List<ModelVersionView> versions) {
        Map<String, List<DecisionView>> byKey = policies.decisionsOf(
                        versions.stream().map(ModelVersionView::model).toList(),
                        versions.stream().map(ModelVersionView::version).toList()).stream()
                .collect(Collectors.groupingBy(d -> d.model() + "#" + d.version()));
        Map<ModelVersionView, List<DecisionView>> answer = new LinkedHashMap<>();
        for (ModelVersionView v : versions) {
            answer.put(v, byKey.getOrDefault(v.model() + "#" + v.version(), List.of()).stream()
                    .filter(d -> v.asOf() == null || !d.recordedAt().isAfter(v.asOf().at())).toList());
        }
        return answer;
    }

    /** Resolves the policy field the read side adds to the write API's PolicyPayload. */
    @SchemaMapping(typeName = "PolicyPayload", field = "policy")
    PolicyView payloadPolicy(PolicyPayload payload) {
        return policies.version(payload.name().value(), payload.version(), null).orElse(null);
    }

    private static String policyName(String field, String name) {
        return parse(field, () -> PolicyName.of(Objects.requireNonNull(name))).value();
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (CustodyException e) {
            throw e.atField(field);
        }
    }
}
