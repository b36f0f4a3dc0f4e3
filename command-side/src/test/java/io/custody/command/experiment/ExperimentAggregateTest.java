package io.custody.command.experiment;

import io.custody.commands.experiment.CreateExperiment;
import io.custody.commands.experiment.DeleteExperiment;
import io.custody.commands.experiment.RenameExperiment;
import io.custody.commands.experiment.RestoreExperiment;
import io.custody.commands.experiment.SetExperimentTag;
import io.custody.errors.ErrorCode;
import io.custody.events.experiment.ExperimentCreated;
import io.custody.events.experiment.ExperimentDeleted;
import io.custody.events.experiment.ExperimentRenamed;
import io.custody.events.experiment.ExperimentRestored;
import io.custody.events.experiment.ExperimentTagSet;
import io.custody.values.ExperimentId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.custody.command.support.CustodyMatchers.custody;

class ExperimentAggregateTest {

    private static final ExperimentId ID = ExperimentId.of("7");
    private static final ExperimentId OTHER = ExperimentId.of("8");

    /** Live experiment names, as cs_experiment holds them. */
    private final Map<String, ExperimentId> names = new HashMap<>();
    private AggregateTestFixture<ExperimentAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ExperimentAggregate.class);
        fixture.registerInjectableResource(new ExperimentLookups() {
            @Override
            public Optional<ExperimentId> liveExperimentNamed(String name) {
                return Optional.ofNullable(names.get(name));
            }

            @Override
            public boolean isLive(ExperimentId experiment) {
                return names.containsValue(experiment);
            }

            @Override
            public boolean exists(ExperimentId experiment) {
                return names.containsValue(experiment);
            }

            @Override
            public ExperimentId nextId() {
                return ExperimentId.of("9");
            }
        });
    }

    private static ExperimentCreated created() {
        return new ExperimentCreated(ID, "credit", "s3://mlruns/7", Map.of("team", "risk"));
    }

    @Test
    void create_records_the_name_location_and_tags() {
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(ID, "credit", "s3://mlruns/7", Map.of("team", "risk")))
                .expectEvents(created());
    }

    @Test
    void create_under_a_name_a_live_experiment_holds_is_a_conflict() {
        names.put("credit", OTHER);
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(ID, "credit", null, Map.of()))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", "already exists"));
    }

    @Test
    void create_without_a_name_is_a_bad_request() {
        fixture.givenNoPriorActivity()
                .when(new CreateExperiment(ID, " ", null, Map.of()))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.name", "is required"));
    }

    @Test
    void rename_records_the_previous_name_and_refuses_a_taken_one() {
        fixture.given(created())
                .when(new RenameExperiment(ID, "credit-v2"))
                .expectEvents(new ExperimentRenamed(ID, "credit-v2", "credit"));
        names.put("taken", OTHER);
        fixture.given(created())
                .when(new RenameExperiment(ID, "taken"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", "already exists"));
    }

    @Test
    void delete_is_a_tombstone_that_a_restore_lifts_and_both_repeat_as_no_ops() {
        fixture.given(created())
                .when(new DeleteExperiment(ID))
                .expectEvents(new ExperimentDeleted(ID));
        fixture.given(created(), new ExperimentDeleted(ID))
                .when(new DeleteExperiment(ID))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(created(), new ExperimentDeleted(ID))
                .when(new RestoreExperiment(ID))
                .expectEvents(new ExperimentRestored(ID));
    }

    @Test
    void restore_is_refused_when_another_live_experiment_took_the_name_meanwhile() {
        names.put("credit", OTHER);
        fixture.given(created(), new ExperimentDeleted(ID))
                .when(new RestoreExperiment(ID))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", "already exists"));
    }

    @Test
    void tags_are_set_on_live_experiments_only() {
        fixture.given(created())
                .when(new SetExperimentTag(ID, "team", "lending"))
                .expectEvents(new ExperimentTagSet(ID, "team", "lending"));
        fixture.given(created(), new ExperimentDeleted(ID))
                .when(new SetExperimentTag(ID, "team", "lending"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.experiment", "deleted"));
    }
}
