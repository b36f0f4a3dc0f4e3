package io.custody.infra.lifecycle;

import io.custody.commands.CommandReceipt;
import io.custody.commands.deployment.DeploymentPayload;
import io.custody.commands.model.ModelPayload;
import io.custody.commands.model.ModelVersionPayload;
import io.custody.commands.run.RunPayload;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.graphql.data.method.annotation.support.AnnotatedControllerConfigurer;
import org.springframework.graphql.execution.DefaultBatchLoaderRegistry;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.test.tester.ExecutionGraphQlServiceTester;
import org.springframework.stereotype.Controller;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The read-side fields of the lifecycle mutations' payloads ({@code lifecycle-payloads.graphqls.pending}
 * until the command side's payload types are merged). The server cannot load that file yet, so this
 * test builds a second schema from the server's own schema files, the pending file, and stand-ins for
 * whichever payload types the server does not define yet, wired to the server's own controllers. It
 * keeps working unchanged once the file is renamed and the real types exist.
 */
class LifecyclePayloadsTest extends LifecycleIntegrationTest {

    static final Map<String, String> PAYLOAD_TYPES = Map.of(
            "RunPayload", "type RunPayload { receipt: Receipt! id: String! }",
            "ModelPayload", "type ModelPayload { receipt: Receipt! name: String! }",
            "ModelVersionPayload", "type ModelVersionPayload { receipt: Receipt! model: String! version: Int! }",
            "DeploymentPayload", "type DeploymentPayload { receipt: Receipt! environment: String! service: String! }");

    @Autowired
    ApplicationContext context;

    @Test
    void each_payload_extension_resolves_the_entity_its_payload_names() {
        Names n = fullLifecycle();
        CommandReceipt receipt = new CommandReceipt("test", 1, true);
        ExecutionGraphQlServiceTester tester = payloadSchema(Map.of(
                "runPayload", new RunPayload(receipt, RunId.of(n.run1())),
                "modelPayload", new ModelPayload(receipt, ModelName.of(n.model())),
                "modelVersionPayload", new ModelVersionPayload(receipt, ModelName.of(n.model()), 2),
                "deploymentPayload", new DeploymentPayload(receipt, Environment.of("production"),
                        ServiceName.of(n.service()))));
        tester.document("""
                        { runPayload { receipt { position } run { id status } }
                          modelPayload { model { name versionCount } }
                          modelVersionPayload { modelVersion { version artifactDigest live } }
                          deploymentPayload { deployment { key live primary { version } } } }""")
                .execute()
                .path("runPayload.receipt.position").entity(Long.class).isEqualTo(1L)
                .path("runPayload.run.id").entity(String.class).isEqualTo(n.run1())
                .path("runPayload.run.status").entity(String.class).isEqualTo("COMPLETED")
                .path("modelPayload.model.versionCount").entity(Integer.class).isEqualTo(2)
                .path("modelVersionPayload.modelVersion.artifactDigest").entity(String.class).isEqualTo(ARTIFACT_V2)
                .path("modelVersionPayload.modelVersion.live").entity(Boolean.class).isEqualTo(false)
                .path("deploymentPayload.deployment.key").entity(String.class).isEqualTo("production/" + n.service())
                .path("deploymentPayload.deployment.primary.version").entity(Integer.class).isEqualTo(1);
    }

    /** A schema with the payload extensions and a query field per payload answering the given object. */
    ExecutionGraphQlServiceTester payloadSchema(Map<String, Object> payloads) {
        List<Resource> resources = new ArrayList<>(resources("classpath*:graphql/**/*.graphqls"));
        List<Resource> pending = resources("classpath*:graphql/**/*.graphqls.pending");
        resources.addAll(pending);
        TypeDefinitionRegistry served = new TypeDefinitionRegistry();
        resources("classpath*:graphql/**/*.graphqls").forEach(r -> served.merge(parse(r)));
        StringBuilder stubs = new StringBuilder("extend type Query {\n");
        payloads.forEach((field, payload) -> stubs.append(field).append(": ")
                .append(payload.getClass().getSimpleName()).append("\n"));
        stubs.append("}\n");
        PAYLOAD_TYPES.forEach((type, definition) -> {
            if (served.getType(type).isEmpty()) {
                stubs.append(definition).append("\n");
            }
        });
        resources.add(new ByteArrayResource(stubs.toString().getBytes(StandardCharsets.UTF_8), "payload stand-ins"));

        // The server's controllers, registered again in a context of their own so their batch loaders go
        // into a registry of their own instead of the running server's.
        StaticApplicationContext controllers = new StaticApplicationContext(context);
        Arrays.stream(context.getBeanNamesForAnnotation(Controller.class))
                .forEach(name -> controllers.getBeanFactory().registerSingleton(name, context.getBean(name)));
        DefaultBatchLoaderRegistry batchLoaders = new DefaultBatchLoaderRegistry();
        controllers.getBeanFactory().registerSingleton("batchLoaderRegistry", batchLoaders);
        controllers.refresh();
        AnnotatedControllerConfigurer configurer = new AnnotatedControllerConfigurer();
        configurer.setApplicationContext(controllers);
        configurer.afterPropertiesSet();

        GraphQlSource source = GraphQlSource.schemaResourceBuilder()
                .schemaResources(resources.toArray(Resource[]::new))
                .configureRuntimeWiring(context.getBean("custodyScalars", RuntimeWiringConfigurer.class))
                .configureRuntimeWiring(configurer)
                .configureRuntimeWiring(wiring -> wiring.type("Query", type -> {
                    payloads.forEach((field, payload) -> type.dataFetcher(field, env -> payload));
                    return type;
                }))
                .build();
        DefaultExecutionGraphQlService service = new DefaultExecutionGraphQlService(source);
        service.addDataLoaderRegistrar(batchLoaders);
        return ExecutionGraphQlServiceTester.create(service);
    }

    static List<Resource> resources(String pattern) {
        try {
            return List.of(new PathMatchingResourcePatternResolver().getResources(pattern));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TypeDefinitionRegistry parse(Resource resource) {
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return new SchemaParser().parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
