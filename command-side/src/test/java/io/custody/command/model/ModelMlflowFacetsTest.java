package io.custody.command.model;

import io.custody.command.lookup.StubLookups;
import io.custody.commands.model.DeleteModelTag;
import io.custody.commands.model.RegisterModel;
import io.custody.commands.model.RenameRegisteredModel;
import io.custody.commands.model.SetModelTags;
import io.custody.errors.ErrorCode;
import io.custody.events.model.ModelTagDeleted;
import io.custody.events.model.ModelTagsSet;
import io.custody.events.model.RegisteredModelRenamed;
import io.custody.values.ModelName;
import io.custody.values.RiskTier;
import io.custody.values.TeamName;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.custody.command.model.ModelStageTest.registered;
import static io.custody.command.model.ModelStageTest.version;
import static io.custody.command.support.CustodyMatchers.custody;

/** What MLflow's registry adds to a model: tags of the model and its versions, and the name its clients use. */
class ModelMlflowFacetsTest {

    private static final ModelName MODEL = ModelName.of("credit-risk"); // as ModelStageTest's helpers
    private static final ModelName NEW_NAME = ModelName.of("credit-default");

    private AggregateTestFixture<ModelAggregate> fixture;
    private StubLookups lookups;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelAggregate.class);
        lookups = new StubLookups();
        fixture.registerInjectableResource(lookups);
    }

    @Test
    void tags_of_the_model_and_of_a_version_are_recorded_and_an_unchanged_tag_is_not() {
        fixture.given(registered(), version(1), new ModelTagsSet(MODEL, 1, Map.of("team", "risk")))
                .when(new SetModelTags(MODEL, 1, Map.of("team", "risk", "stage", "candidate")))
                .expectEvents(new ModelTagsSet(MODEL, 1, Map.of("stage", "candidate")));
        fixture.given(registered())
                .when(new SetModelTags(MODEL, null, Map.of("team", "risk")))
                .expectEvents(new ModelTagsSet(MODEL, null, Map.of("team", "risk")));
    }

    @Test
    void a_tag_of_a_missing_version_is_not_found() {
        fixture.given(registered())
                .when(new SetModelTags(MODEL, 3, Map.of("team", "risk")))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.version", "no version 3"));
    }

    @Test
    void a_tag_is_deleted_once_and_a_missing_one_is_not_found() {
        fixture.given(registered(), new ModelTagsSet(MODEL, null, Map.of("team", "risk")))
                .when(new DeleteModelTag(MODEL, null, "team"))
                .expectEvents(new ModelTagDeleted(MODEL, null, "team"));
        fixture.given(registered(), new ModelTagsSet(MODEL, null, Map.of("team", "risk")),
                        new ModelTagDeleted(MODEL, null, "team"))
                .when(new DeleteModelTag(MODEL, null, "team"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.key", "has no tag team"));
    }

    @Test
    void a_rename_records_the_new_and_the_previous_name_and_keeps_the_identity() {
        fixture.given(registered())
                .when(new RenameRegisteredModel(MODEL, NEW_NAME))
                .expectEvents(new RegisteredModelRenamed(MODEL, NEW_NAME, MODEL));
        fixture.given(registered(), new RegisteredModelRenamed(MODEL, NEW_NAME, MODEL))
                .when(new RenameRegisteredModel(MODEL, MODEL))
                .expectEvents(new RegisteredModelRenamed(MODEL, MODEL, NEW_NAME));
        fixture.given(registered(), new RegisteredModelRenamed(MODEL, NEW_NAME, MODEL))
                .when(new RenameRegisteredModel(MODEL, NEW_NAME))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void a_rename_to_a_name_another_model_has_is_a_conflict() {
        lookups.model(NEW_NAME);
        fixture.given(registered())
                .when(new RenameRegisteredModel(MODEL, NEW_NAME))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", "taken by model credit-default"));
    }

    @Test
    void registering_a_name_mlflow_clients_know_another_model_by_is_a_conflict() {
        lookups.mlflowName(ModelName.of("other"), NEW_NAME);
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(NEW_NAME, TeamName.of("risk-models"), null, RiskTier.LOW, null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", "MLflow clients know model other"));
    }
}
