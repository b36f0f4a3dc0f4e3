package io.custody.infra.lifecycle;

import io.custody.command.lookup.CommandLookups;
import io.custody.command.lookup.CommandLookups.LiveInterval;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.meta.Streams;
import io.custody.values.ContentDigest;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.test.tester.GraphQlTester;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment read model and the command side's liveness table interpret the same events
 * independently (one to answer queries, the other to enforce rules). Driven through the real
 * deployment mutations, they must agree after every command on what serves and on every interval.
 */
class DeploymentAgreementTest extends LifecycleIntegrationTest {

    @Autowired
    CommandLookups lookups;

    /**
     * One stint as both sides can state it. Bounds are compared to the millisecond: the event store keeps
     * an event's recorded time to the millisecond, while the command side, writing as the event is
     * appended, sees it before it is stored.
     */
    record Stint(int version, boolean canary, Double share, Instant from, Instant to) {

        Stint {
            from = millis(from);
            to = millis(to);
        }

        static Stint of(LiveInterval i) {
            return new Stint(i.modelVersion().version(), i.canary(), i.share(), i.from(), i.to());
        }

        static Instant millis(Instant at) {
            return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    @Test
    void the_read_models_intervals_agree_with_the_command_sides_after_every_deployment_command() {
        Names n = Names.fresh();
        Log log = train(n);
        ModelName model = ModelName.of(n.model());
        log.append(Streams.model(model), new ModelVersionRegistered(model, 3, RunId.of(n.run2()),
                "s3://models/v3/model.json", ContentDigest.of("sha256:" + "3".repeat(64)), null, "third"), "carol",
                null).publish();

        List<Runnable> commands = List.of(
                () -> deploy(n, 1, null),
                () -> deploy(n, 2, 0.1),
                () -> deploy(n, 2, 0.3),
                () -> deploy(n, 1, null),
                () -> deploy(n, 3, 0.2),
                () -> deploy(n, 3, null),
                () -> deploy(n, 2, 0.5),
                () -> rollBack(n, null),
                () -> deploy(n, 2, 0.05),
                () -> rollBack(n, 1),
                () -> deploy(n, 2, 0.05),
                () -> undeploy(n));
        for (Runnable command : commands) {
            command.run();
            assertThat(readModel(n)).as("intervals after each command").isEqualTo(commandSide(n));
        }
        assertThat(readModel(n)).hasSize(9).allSatisfy(s -> assertThat(s.to()).isNotNull());
    }

    List<Stint> commandSide(Names n) {
        return lookups.liveness(Environment.of("staging"), ServiceName.of(n.service())).stream().map(Stint::of)
                .toList();
    }

    /** A GraphQL DateTime: OffsetDateTime's shortest form, without seconds when they are zero. */
    private static Instant instant(Object dateTime) {
        return dateTime == null ? null : OffsetDateTime.parse((String) dateTime).toInstant();
    }

    List<Stint> readModel(Names n) {
        GraphQlTester.Response history = graphQl().document("""
                        query($s: String!) { deployment(environment: "staging", service: $s) {
                          history { nodes { version canary share from to } } } }""")
                .variable("s", n.service()).execute();
        List<Map<String, Object>> rows = history.path("deployment.history.nodes")
                .entity(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).get();
        return rows.stream().map(r -> new Stint((Integer) r.get("version"), (Boolean) r.get("canary"),
                r.get("share") == null ? null : ((Number) r.get("share")).doubleValue(),
                instant(r.get("from")), instant(r.get("to"))))
                .toList();
    }

    void deploy(Names n, int version, Double share) {
        Map<String, Object> input = new HashMap<>(Map.of("environment", "staging", "service", n.service(),
                "model", n.model(), "version", version));
        if (share != null) {
            input.put("canaryShare", share);
        }
        graphQl("frank").documentName("deployModelVersion").variable("input", input).execute()
                .path("deployModelVersion.receipt.changed").entity(Boolean.class).isEqualTo(true);
    }

    void rollBack(Names n, Integer toVersion) {
        Map<String, Object> input = new HashMap<>(Map.of("environment", "staging", "service", n.service(),
                "reason", "errors"));
        if (toVersion != null) {
            input.put("toVersion", toVersion);
        }
        graphQl("grace").documentName("rollBack").variable("input", input).execute()
                .path("rollBack.receipt.changed").entity(Boolean.class).isEqualTo(true);
    }

    void undeploy(Names n) {
        graphQl("grace").document("mutation($i: UndeployInput!) { undeploy(input: $i) { receipt { changed } } }")
                .variable("i", Map.of("environment", "staging", "service", n.service(), "reason", "retired"))
                .execute().path("undeploy.receipt.changed").entity(Boolean.class).isEqualTo(true);
    }
}
