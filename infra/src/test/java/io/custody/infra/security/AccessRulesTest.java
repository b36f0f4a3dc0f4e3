package io.custody.infra.security;

import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.custody.command.ingest.IngestRoutes;
import io.custody.values.Role;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.custody.values.Role.ADMIN;
import static io.custody.values.Role.APPROVER;
import static io.custody.values.Role.AUDITOR;
import static io.custody.values.Role.DATA_SCIENTIST;
import static io.custody.values.Role.DEPLOYER;
import static io.custody.values.Role.INGEST;
import static io.custody.values.Role.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/** The role table as declared: complete over the schema and the ingest, and what each rule decides. */
class AccessRulesTest {

    private final AccessRules rules = new AccessRules();

    private static Map<String, Object> deployTo(String environment) {
        return Map.of("input", Map.of("environment", environment, "service", "scoring"));
    }

    @Test
    void every_query_and_mutation_field_of_the_schema_is_named_explicitly() throws IOException {
        TypeDefinitionRegistry schema = schema();
        for (String type : List.of(AccessRules.QUERY, AccessRules.MUTATION)) {
            List<String> fields = fields(schema, type);
            assertThat(fields).as(type + " fields").isNotEmpty();
            assertThat(fields).as(type + " fields missing from AccessRules (they would need ADMIN)")
                    .allMatch(field -> rules.declares(type, field));
        }
    }

    @Test
    void every_command_the_lifecycle_ingest_accepts_is_a_declared_mutation() {
        assertThat(new IngestRoutes().types()).isNotEmpty()
                .allMatch(type -> rules.declares(AccessRules.MUTATION, AccessRules.mutationOf(type)));
    }

    @Test
    void a_field_the_table_does_not_name_needs_admin() {
        assertThat(rules.refusal(AccessRules.QUERY, "somethingNew", Map.of(), EnumSet.complementOf(EnumSet.of(ADMIN))))
                .hasValue("somethingNew needs role ADMIN");
        assertThat(rules.refusal(AccessRules.MUTATION, "somethingNew", Map.of(), Set.of(ADMIN))).isEmpty();
    }

    @Test
    void a_viewer_reads_the_inventory_but_not_the_audit_trail() {
        assertThat(rules.refusal(AccessRules.QUERY, "dataset", Map.of(), Set.of(VIEWER))).isEmpty();
        assertThat(rules.refusal(AccessRules.QUERY, "auditTrail", Map.of(), Set.of(VIEWER)))
                .hasValue("auditTrail needs role AUDITOR or ADMIN");
        assertThat(rules.refusal(AccessRules.QUERY, "auditTrail", Map.of(), Set.of(VIEWER, AUDITOR))).isEmpty();
    }

    @Test
    void ingest_reads_nothing_but_may_ask_who_it_is() {
        assertThat(rules.refusal(AccessRules.QUERY, "dataset", Map.of(), Set.of(INGEST))).isPresent();
        assertThat(rules.refusal(AccessRules.QUERY, "me", Map.of(), Set.of(INGEST))).isEmpty();
    }

    @Test
    void a_data_scientist_deploys_to_staging_but_not_to_production() {
        assertThat(rules.refusal(AccessRules.MUTATION, "deployModelVersion", deployTo("staging"), Set.of(DATA_SCIENTIST)))
                .isEmpty();
        assertThat(rules.refusal(AccessRules.MUTATION, "deployModelVersion", deployTo("production"),
                Set.of(DATA_SCIENTIST))).hasValue("deployModelVersion in production needs role DEPLOYER or ADMIN");
        assertThat(rules.refusal(AccessRules.MUTATION, "undeploy", deployTo(" Production "), Set.of(DATA_SCIENTIST)))
                .isPresent();
        assertThat(rules.refusal(AccessRules.MUTATION, "rollBack", Map.of(), Set.of(DATA_SCIENTIST))).isPresent();
    }

    @Test
    void a_deployer_deploys_everywhere_but_registers_nothing() {
        assertThat(rules.refusal(AccessRules.MUTATION, "deployModelVersion", deployTo("production"), Set.of(DEPLOYER)))
                .isEmpty();
        assertThat(rules.refusal(AccessRules.MUTATION, "registerModel", Map.of(), Set.of(DEPLOYER)))
                .hasValue("registerModel needs role DATA_SCIENTIST or ADMIN");
    }

    @Test
    void approving_needs_an_approver_and_a_data_scientist_is_not_one() {
        assertThat(rules.refusal(AccessRules.MUTATION, "approveModelVersion", Map.of(), Set.of(DATA_SCIENTIST)))
                .hasValue("approveModelVersion needs role APPROVER or ADMIN");
        assertThat(rules.refusal(AccessRules.MUTATION, "recordValidation", Map.of(), Set.of(APPROVER))).isEmpty();
    }

    @Test
    void a_command_sent_through_the_ingest_needs_its_mutations_role() {
        Map<String, Object> production = Map.of("environment", "production", "service", "scoring");
        assertThat(rules.commandRefusal("DeployModelVersion", production, Set.of(INGEST)))
                .hasValue("deployModelVersion in production needs role DEPLOYER or ADMIN");
        assertThat(rules.commandRefusal("DeployModelVersion", production, Set.of(INGEST, DEPLOYER))).isEmpty();
        assertThat(rules.commandRefusal("RegisterDataset", Map.of(), Set.of(INGEST, DATA_SCIENTIST))).isEmpty();
    }

    @Test
    void each_endpoint_names_the_roles_that_may_call_it() {
        assertThat(rules.rolesFor(post("/api/v1/events"))).containsExactlyInAnyOrder(INGEST, ADMIN);
        assertThat(rules.rolesFor(post("/api/v1/lineage"))).containsExactlyInAnyOrder(INGEST, ADMIN);
        assertThat(rules.rolesFor(post("/api/v1/lineage/batch"))).containsExactlyInAnyOrder(INGEST, ADMIN);
        assertThat(rules.rolesFor(get("/api/v1/audit/export"))).containsExactlyInAnyOrder(AUDITOR, ADMIN);
        assertThat(rules.rolesFor(get("/actuator/projections"))).containsExactly(ADMIN);
        assertThat(rules.rolesFor(get("/actuator/health"))).containsExactly(ADMIN);
        assertThat(rules.rolesFor(get("/somewhere/new"))).containsExactly(ADMIN);
        assertThat(rules.rolesFor(post("/graphql"))).containsExactlyInAnyOrder(Role.values());
    }

    @Test
    void only_role_authorities_count_as_roles() {
        assertThat(AccessRules.rolesOf(List.of(new SimpleGrantedAuthority("ROLE_VIEWER"),
                new SimpleGrantedAuthority("SCOPE_openid"), new SimpleGrantedAuthority("ROLE_NOBODY"))))
                .containsExactly(VIEWER);
    }

    private static MockHttpServletRequest post(String path) {
        return new MockHttpServletRequest("POST", path);
    }

    private static MockHttpServletRequest get(String path) {
        return new MockHttpServletRequest("GET", path);
    }

    /** Every schema file every module contributes, as the server loads them (spring.graphql.schema.locations). */
    private static TypeDefinitionRegistry schema() throws IOException {
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:graphql/**/*.graphqls");
        assertThat(files).isNotEmpty();
        for (Resource file : files) {
            try (InputStreamReader reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
                registry.merge(new SchemaParser().parse(reader));
            }
        }
        return registry;
    }

    private static List<String> fields(TypeDefinitionRegistry schema, String type) {
        List<ObjectTypeDefinition> definitions = new ArrayList<>();
        schema.getType(type, ObjectTypeDefinition.class).ifPresent(definitions::add);
        definitions.addAll(schema.objectTypeExtensions().getOrDefault(type, List.of()));
        return definitions.stream().flatMap(d -> d.getFieldDefinitions().stream()).map(FieldDefinition::getName)
                .toList();
    }
}
