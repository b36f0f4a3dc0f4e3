package io.custody.infra.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import io.custody.values.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploying takes the DEPLOYER role in production, whichever way the command arrives: over GraphQL, or
 * sent by a pipeline through /api/v1/events, where each command also needs the role of its mutation.
 */
class CommandRolesTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    final Chain chain = new Chain(UUID.randomUUID().toString().substring(0, 8));

    /** A validated, approved model version, ready for production. */
    void trainedAndApproved() throws Exception {
        assertThat(events(bearer("alice"), chain.training(), 200).get("accepted").asInt()).isEqualTo(8);
        assertThat(events(bearer("bob"), chain.approval(), 200).get("accepted").asInt()).isEqualTo(1);
    }

    JsonNode events(String bearer, List<Map<String, Object>> items, int status) throws Exception {
        byte[] reply = httpWith(bearer).post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsString(items)).exchange().expectStatus().isEqualTo(status)
                .expectBody().returnResult().getResponseBody();
        return json.readTree(reply);
    }

    int streamEvents(String stream) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, stream);
        return n == null ? 0 : n;
    }

    HttpGraphQlTester.Response deploy(HttpGraphQlTester client, String environment) {
        return client.documentName("deployModelVersion").variable("input", Map.of("environment", environment,
                "service", chain.service(), "model", chain.model(), "version", 1)).execute();
    }

    @Test
    void a_pipeline_holding_only_ingest_cannot_send_a_deploy_command_and_nothing_of_its_batch_is_stored()
            throws Exception {
        trainedAndApproved();
        String dataset = chain.dataset() + "-more";
        List<Map<String, Object>> batch = List.of(
                Chain.item("RegisterDataset", "more-" + chain.suffix(), Map.of("name", dataset, "owner", "risk-data")),
                chain.deployment().get(0));

        JsonNode refused = events(bearer("deploy-pipeline", Role.INGEST, Role.DATA_SCIENTIST), batch, 403);

        assertThat(refused.get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(refused.get("field").asText()).isEqualTo("[1].type");
        assertThat(refused.get("message").asText()).contains("DeployModelVersion", "production", "DEPLOYER");
        assertThat(streamEvents("dataset:" + dataset)).isZero();
        assertThat(streamEvents("deployment:production/" + chain.service())).isZero();
    }

    @Test
    void a_pipeline_holding_ingest_and_deployer_deploys_to_production_through_the_ingest() throws Exception {
        trainedAndApproved();

        JsonNode reply = events(bearer("deploy-pipeline", Role.INGEST, Role.DEPLOYER), chain.deployment(), 200);

        assertThat(reply.get("accepted").asInt()).as(reply.toString()).isEqualTo(1);
        assertThat(streamEvents("deployment:production/" + chain.service())).isEqualTo(1);
    }

    @Test
    void a_data_scientist_deploys_to_staging_but_not_to_production() throws Exception {
        trainedAndApproved();
        HttpGraphQlTester scientist = graphQlWith(bearer("carol", Role.DATA_SCIENTIST));

        deploy(scientist, "staging").errors().verify().path("deployModelVersion.environment").entity(String.class)
                .isEqualTo("staging");
        deploy(scientist, "production").errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getExtensions()).containsEntry("code", "FORBIDDEN");
            assertThat(errors.get(0).getMessage()).contains("production", "DEPLOYER");
        });

        assertThat(streamEvents("deployment:staging/" + chain.service())).isEqualTo(1);
        assertThat(streamEvents("deployment:production/" + chain.service())).isZero();
    }
}
