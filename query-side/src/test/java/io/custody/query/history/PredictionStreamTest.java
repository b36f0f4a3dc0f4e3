package io.custody.query.history;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionStreamTest {

    @Test
    void names_the_deployment_and_the_request_id_which_may_hold_slashes() {
        assertThat(PredictionStream.parse("prediction:production/credit-api/req-1"))
                .contains(new PredictionStream("production", "credit-api", "req-1"));
        assertThat(PredictionStream.parse("prediction:production/credit-api/2026/01/15:req-1"))
                .contains(new PredictionStream("production", "credit-api", "2026/01/15:req-1"));
    }

    @Test
    void anything_else_is_not_a_prediction() {
        assertThat(PredictionStream.parse("dataset:lending/applications")).isEmpty();
        assertThat(PredictionStream.parse("predictions:production/credit-api/0190f8a2")).isEmpty();
        assertThat(PredictionStream.parse("prediction:production/credit-api")).isEmpty();
        assertThat(PredictionStream.parse("prediction:production/credit-api/")).isEmpty();
        assertThat(PredictionStream.parse("prediction:production")).isEmpty();
    }
}
