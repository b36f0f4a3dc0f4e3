package io.custody.command.model;

import io.custody.command.lookup.StubLookups;
import io.custody.commands.model.DeleteRegisteredModel;
import io.custody.commands.model.RegisterModel;
import io.custody.commands.model.UpdateModelDescription;
import io.custody.errors.ErrorCode;
import io.custody.events.model.RegisteredModelDeleted;
import io.custody.values.Environment;
import io.custody.values.ModelName;
import io.custody.values.ModelVersionRef;
import io.custody.values.RiskTier;
import io.custody.values.ServiceName;
import io.custody.values.TeamName;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.custody.command.model.ModelStageTest.registered;
import static io.custody.command.model.ModelStageTest.version;
import static io.custody.command.support.CustodyMatchers.custody;

/** Deleting a registered model (MLflow's registered-models/delete): a tombstone that keeps the name taken. */
class ModelDeletionTest {

    private static final ModelName MODEL = ModelName.of("credit-risk"); // as ModelStageTest's helpers

    private AggregateTestFixture<ModelAggregate> fixture;
    private StubLookups lookups;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelAggregate.class);
        lookups = new StubLookups();
        fixture.registerInjectableResource(lookups);
    }

    @Test
    void a_model_is_deleted_with_a_tombstone() {
        fixture.given(registered(), version(1))
                .when(new DeleteRegisteredModel(MODEL))
                .expectEvents(new RegisteredModelDeleted(MODEL))
                .expectResultMessagePayload(true);
    }

    @Test
    void a_deleted_model_is_not_deleted_again() {
        fixture.given(registered(), new RegisteredModelDeleted(MODEL))
                .when(new DeleteRegisteredModel(MODEL))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.model", "was deleted"));
    }

    @Test
    void a_model_serving_on_a_deployment_is_not_deleted() {
        lookups.deployed(Environment.of("prod"), ServiceName.of("scoring"), new ModelVersionRef(MODEL, 1));
        fixture.given(registered(), version(1))
                .when(new DeleteRegisteredModel(MODEL))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.model", "undeploy it before deleting"));
    }

    @Test
    void a_deleted_name_is_not_registered_again() {
        fixture.given(registered(), new RegisteredModelDeleted(MODEL))
                .when(new RegisterModel(MODEL, TeamName.of("risk"), "lending", RiskTier.HIGH, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", "was deleted"));
    }

    @Test
    void a_deleted_model_takes_no_more_commands() {
        fixture.given(registered(), version(1), new RegisteredModelDeleted(MODEL))
                .when(new UpdateModelDescription(MODEL, null, "too late"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.model", "was deleted"));
    }
}
