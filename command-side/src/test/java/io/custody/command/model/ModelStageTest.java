package io.custody.command.model;

import io.custody.commands.model.TransitionModelVersionStage;
import io.custody.commands.model.UpdateModelDescription;
import io.custody.errors.ErrorCode;
import io.custody.events.model.AliasRemoved;
import io.custody.events.model.AliasSet;
import io.custody.events.model.ModelDescriptionUpdated;
import io.custody.events.model.ModelRegistered;
import io.custody.events.model.ModelVersionArchived;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.model.ModelVersionStageTransitioned;
import io.custody.values.Alias;
import io.custody.values.ContentDigest;
import io.custody.values.ModelName;
import io.custody.values.RiskTier;
import io.custody.values.RunId;
import io.custody.values.TeamName;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.custody.command.support.CustodyMatchers.custody;

/** MLflow stage transitions (recorded, and mapped onto the alias of the stage's name) and descriptions. */
class ModelStageTest {

    private static final ModelName MODEL = ModelName.of("credit-risk");
    private static final ContentDigest DIGEST = ContentDigest.of("sha256:" + "a".repeat(64));
    private static final Alias STAGING = Alias.of("staging");
    private static final Alias PRODUCTION = Alias.of("production");
    private static final Alias ARCHIVED = Alias.of("archived");

    private AggregateTestFixture<ModelAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelAggregate.class);
    }

    static ModelRegistered registered() {
        return new ModelRegistered(MODEL, TeamName.of("risk"), "lending", RiskTier.HIGH, null);
    }

    static ModelVersionRegistered version(int number) {
        return new ModelVersionRegistered(MODEL, number, RunId.of("run-" + number), "s3://m/" + number, DIGEST, null,
                null);
    }

    @Test
    void a_transition_is_recorded_and_moves_the_alias_of_the_stage() {
        fixture.given(registered(), version(1))
                .when(new TransitionModelVersionStage(MODEL, 1, "staging", false))
                .expectEvents(new ModelVersionStageTransitioned(MODEL, 1, "Staging", "None"),
                        new AliasSet(MODEL, STAGING, 1, null));
    }

    @Test
    void leaving_a_stage_removes_its_alias_when_it_pointed_at_the_version() {
        fixture.given(registered(), version(1), new ModelVersionStageTransitioned(MODEL, 1, "Staging", "None"),
                        new AliasSet(MODEL, STAGING, 1, null))
                .when(new TransitionModelVersionStage(MODEL, 1, "Production", false))
                .expectEvents(new ModelVersionStageTransitioned(MODEL, 1, "Production", "Staging"),
                        new AliasRemoved(MODEL, STAGING, 1), new AliasSet(MODEL, PRODUCTION, 1, null));
    }

    @Test
    void archive_existing_versions_moves_the_others_in_the_stage_to_archived() {
        fixture.given(registered(), version(1), version(2),
                        new ModelVersionStageTransitioned(MODEL, 1, "Production", "None"),
                        new AliasSet(MODEL, PRODUCTION, 1, null))
                .when(new TransitionModelVersionStage(MODEL, 2, "Production", true))
                .expectEvents(new ModelVersionStageTransitioned(MODEL, 1, "Archived", "Production"),
                        new AliasRemoved(MODEL, PRODUCTION, 1), new AliasSet(MODEL, ARCHIVED, 1, null),
                        new ModelVersionStageTransitioned(MODEL, 2, "Production", "None"),
                        new AliasSet(MODEL, PRODUCTION, 2, null));
    }

    @Test
    void the_same_stage_again_is_a_no_op() {
        fixture.given(registered(), version(1), new ModelVersionStageTransitioned(MODEL, 1, "Staging", "None"),
                        new AliasSet(MODEL, STAGING, 1, null))
                .when(new TransitionModelVersionStage(MODEL, 1, "Staging", false))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void an_unknown_stage_is_a_bad_request_naming_the_stages() {
        fixture.given(registered(), version(1))
                .when(new TransitionModelVersionStage(MODEL, 1, "Canary", false))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.stage", "Production"));
    }

    @Test
    void an_archived_version_takes_no_transition() {
        fixture.given(registered(), version(1), new ModelVersionArchived(MODEL, 1, "superseded"))
                .when(new TransitionModelVersionStage(MODEL, 1, "Production", false))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.version", "archived"));
    }

    @Test
    void descriptions_of_the_model_and_a_version_are_replaced_and_the_same_text_is_a_no_op() {
        fixture.given(registered(), version(1))
                .when(new UpdateModelDescription(MODEL, 1, "retrained on v4"))
                .expectEvents(new ModelDescriptionUpdated(MODEL, 1, "retrained on v4"));
        fixture.given(registered(), version(1), new ModelDescriptionUpdated(MODEL, null, "pd model"))
                .when(new UpdateModelDescription(MODEL, null, "pd model"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(registered())
                .when(new UpdateModelDescription(MODEL, 3, "x"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.version", "no version 3"));
    }
}
