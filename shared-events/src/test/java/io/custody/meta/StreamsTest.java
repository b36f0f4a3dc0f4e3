package io.custody.meta;

import io.custody.errors.CustodyException;
import io.custody.values.DatasetName;
import io.custody.values.Environment;
import io.custody.values.JobRef;
import io.custody.values.ModelName;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every stream id built from the longest valid names still fits the event store's column; longer names are refused. */
class StreamsTest {

    private static final DatasetName LONGEST_DATASET = DatasetName.of("ns/" + "d".repeat(DatasetName.MAX_LENGTH - 3));
    private static final JobRef LONGEST_JOB = new JobRef("airflow", "j".repeat(JobRef.MAX_KEY_LENGTH - 8));

    @Test
    void stream_ids_of_the_longest_valid_names_fit_the_column() {
        Environment environment = new Environment("e".repeat(64));
        ServiceName service = new ServiceName("s".repeat(128));
        assertThat(Streams.dataset(LONGEST_DATASET)).hasSizeLessThanOrEqualTo(Streams.MAX_LENGTH);
        assertThat(Streams.observedDataset(LONGEST_DATASET)).hasSize(Streams.MAX_LENGTH);
        assertThat(Streams.job(LONGEST_JOB)).hasSize(Streams.MAX_LENGTH);
        assertThat(Streams.run(new RunId("r".repeat(128)))).hasSizeLessThanOrEqualTo(Streams.MAX_LENGTH);
        assertThat(Streams.model(new ModelName("m".repeat(128)))).hasSizeLessThanOrEqualTo(Streams.MAX_LENGTH);
        assertThat(Streams.deployment(environment, service)).hasSizeLessThanOrEqualTo(Streams.MAX_LENGTH);
        assertThat(Streams.predictionBatch(environment, service, UUID.randomUUID()))
                .hasSizeLessThanOrEqualTo(Streams.MAX_LENGTH);
        assertThat(Streams.outcomeBatch(environment, service, UUID.randomUUID()))
                .hasSizeLessThanOrEqualTo(Streams.MAX_LENGTH);
    }

    @Test
    void a_prediction_batch_stream_names_its_deployment_and_other_streams_none() {
        Environment environment = new Environment("production");
        ServiceName service = new ServiceName("credit-api");
        assertThat(Streams.predictionBatchDeployment(Streams.predictionBatch(environment, service, UUID.randomUUID())))
                .contains(new Streams.Deployment(environment, service));
        assertThat(Streams.predictionBatchDeployment(Streams.deployment(environment, service))).isEmpty();
        assertThat(Streams.predictionBatchDeployment("predictions:production")).isEmpty();
        assertThat(Streams.predictionBatchDeployment(null)).isEmpty();
    }

    @Test
    void a_dataset_name_longer_than_its_stream_id_holds_is_refused_naming_the_limit() {
        assertThatThrownBy(() -> DatasetName.of(LONGEST_DATASET.value() + "d")).isInstanceOf(CustodyException.class)
                .hasMessage("must be at most " + DatasetName.MAX_LENGTH + " characters");
    }

    @Test
    void a_job_whose_namespace_and_name_do_not_fit_its_stream_id_is_refused_naming_the_name() {
        assertThatThrownBy(() -> new JobRef(LONGEST_JOB.namespace(), LONGEST_JOB.name() + "j"))
                .isInstanceOfSatisfying(CustodyException.class, e -> assertThat(e.field()).isEqualTo("name"))
                .hasMessageContaining("at most " + JobRef.MAX_KEY_LENGTH + " characters together");
    }
}
