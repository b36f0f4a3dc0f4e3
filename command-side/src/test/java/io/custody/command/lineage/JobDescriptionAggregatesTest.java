package io.custody.command.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.commands.lineage.DescribeDataset;
import io.custody.commands.lineage.DescribeJob;
import io.custody.events.lineage.DatasetDescribed;
import io.custody.events.lineage.JobDescribed;
import io.custody.values.DatasetName;
import io.custody.values.JobRef;
import io.custody.values.LineageDataset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** JobEvents and DatasetEvents: recorded as sent, once per emitter time. */
class JobDescriptionAggregatesTest {

    private static final JobRef JOB = new JobRef("dbt", "analytics.credit_features");
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");
    private static final LineageDataset TABLE = new LineageDataset("postgres://db:5432", "analytics.features",
            DatasetName.of("postgres://db:5432/analytics.features"), null, null, null,
            new ObjectMapper().createObjectNode().put("anything", 1), null);

    @Test
    void a_job_description_is_recorded_with_its_declared_datasets() {
        new AggregateTestFixture<>(JobAggregate.class).givenNoPriorActivity()
                .when(new DescribeJob(JOB, T0, "dbt-ol", null, null, List.of(TABLE), List.of()))
                .expectEvents(new JobDescribed(JOB, T0, "dbt-ol", null, null, List.of(TABLE), List.of()));
    }

    @Test
    void the_same_job_description_sent_again_changes_nothing() {
        new AggregateTestFixture<>(JobAggregate.class)
                .given(new JobDescribed(JOB, T0, "dbt-ol", null, null, List.of(TABLE), List.of()))
                .when(new DescribeJob(JOB, T0, "dbt-ol", null, null, List.of(TABLE), List.of()))
                .expectNoEvents();
    }

    @Test
    void a_dataset_description_is_recorded_with_its_facets() {
        new AggregateTestFixture<>(ObservedDatasetAggregate.class).givenNoPriorActivity()
                .when(new DescribeDataset(TABLE, T0, "custom"))
                .expectEvents(new DatasetDescribed(TABLE.dataset(), TABLE, T0, "custom"));
    }

    @Test
    void the_same_dataset_description_sent_again_changes_nothing() {
        new AggregateTestFixture<>(ObservedDatasetAggregate.class)
                .given(new DatasetDescribed(TABLE.dataset(), TABLE, T0, "custom"))
                .when(new DescribeDataset(TABLE, T0, "custom"))
                .expectNoEvents();
    }
}
