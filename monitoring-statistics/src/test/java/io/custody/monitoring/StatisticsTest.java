package io.custody.monitoring;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.custody.values.ColumnProfile;
import io.custody.values.FeatureSketch;
import io.custody.values.ModelTask;
import io.custody.values.SketchBucket;
import io.custody.values.Statistic;
import io.custody.values.WindowStatistic;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The statistics against values computed by hand (the arithmetic is in each test's comment). */
class StatisticsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void psi_of_a_half_half_baseline_against_a_quarter_three_quarters_window() {
        // (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5) = 0.173287 + 0.101366
        assertThat(DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {25, 75})).isCloseTo(0.274653, within(1e-6));
    }

    @Test
    void psi_floors_an_empty_bin_instead_of_dividing_by_zero() {
        // (1e-4 - 0.5) ln(1e-4/0.5) + (1 - 0.5) ln(1/0.5) = 0.4999 * 8.517193 + 0.346574 = 4.257746 + 0.346574
        assertThat(DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {0, 1})).isCloseTo(4.604319, within(1e-5));
    }

    @Test
    void js_distance_is_zero_for_the_same_and_one_for_disjoint_distributions() {
        assertThat(DriftStatistics.jsDistance(new double[] {0.2, 0.8}, new double[] {2, 8})).isCloseTo(0, within(1e-12));
        assertThat(DriftStatistics.jsDistance(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(1, within(1e-12));
    }

    @Test
    void js_distance_of_a_half_half_baseline_against_a_quarter_three_quarters_window() {
        // m = (0.375, 0.625); KL(p||m) = 0.0465545 bits, KL(q||m) = 0.0510350 bits; sqrt((0.0465545 + 0.0510350) / 2)
        assertThat(DriftStatistics.jsDistance(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}))
                .isCloseTo(0.220895, within(1e-5));
    }

    @Test
    void ks_is_the_largest_distance_between_the_cdfs() {
        assertThat(DriftStatistics.ks(new double[] {0.1, 0.5, 1}, new double[] {0.3, 0.6, 1})).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void accuracy_and_auc_of_four_scored_outcomes() {
        // positives 0.9, 0.8; negatives 0.1, 0.85: pairs won 3 of 4 (AUC 0.75); at 0.5, 0.85 is the one wrong (0.75)
        Performance p = Performance.empty()
                .with(ModelTask.CLASSIFICATION, 0.9, 1, "m#1").with(ModelTask.CLASSIFICATION, 0.8, 1, "m#1")
                .with(ModelTask.CLASSIFICATION, 0.1, 0, "m#1").with(ModelTask.CLASSIFICATION, 0.85, 0, "m#2");
        assertThat(p.statistics(ModelTask.CLASSIFICATION)).extracting(WindowStatistic::statistic, WindowStatistic::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Statistic.ACCURACY, 0.75),
                        org.assertj.core.groups.Tuple.tuple(Statistic.AUC, 0.75));
        assertThat(p.modelVersion()).isEqualTo("m#1");
    }

    @Test
    void mae_and_rmse_of_three_regressions() {
        // errors -1, 0, -2: MAE 3/3 = 1, RMSE sqrt(5/3)
        Performance p = Performance.empty().with(ModelTask.REGRESSION, 1, 2, null)
                .with(ModelTask.REGRESSION, 2, 2, null).with(ModelTask.REGRESSION, 3, 5, null);
        List<WindowStatistic> s = p.statistics(ModelTask.REGRESSION);
        assertThat(s.get(0).statistic()).isEqualTo(Statistic.MAE);
        assertThat(s.get(0).value()).isCloseTo(1, within(1e-12));
        assertThat(s.get(1).statistic()).isEqualTo(Statistic.RMSE);
        assertThat(s.get(1).value()).isCloseTo(1.290994, within(1e-6));
    }

    @Test
    void a_window_against_a_profile_histogram_uses_its_bins() {
        // baseline [0,10) 0.5, [10,20) 0.5; the window has 25 values below 10 and 75 from 10: PSI as above, KS at 10
        // is |0.5 - 0.25|
        Reference ref = Reference.fromProfiles(List.of(new ColumnProfile("income", 100L, 0L, null, 0.0, 20.0, null,
                null, Map.of("[0,10)", 0.5, "[10,20)", 0.5)))).get("income");
        assertThat(ref).isInstanceOf(Reference.Numeric.class);
        List<BatchSketcher.Item> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(new BatchSketcher.Item(Instant.parse("2026-02-01T10:00:00Z"),
                    JSON.objectNode().put("income", i < 25 ? 5.0 : 15.0), JSON.numberNode(0.5)));
        }
        WindowSketch window = new WindowSketch();
        BatchSketcher.sketch(items, Set.of("income")).forEach(b -> window.add(b, f -> true));
        List<WindowStatistic> stats = DriftEvaluator.evaluate(Map.of("income", ref), window);
        assertThat(stats).extracting(WindowStatistic::statistic).containsExactly(Statistic.PSI, Statistic.JS_DISTANCE,
                Statistic.KS);
        assertThat(stats.get(0).value()).isCloseTo(0.274653, within(1e-6));
        assertThat(stats.get(1).value()).isCloseTo(0.220895, within(1e-5));
        assertThat(stats.get(2).value()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void categories_are_compared_over_the_union_of_their_labels() {
        Reference ref = Reference.fromProfiles(List.of(new ColumnProfile("region", 100L, 0L, null, null, null, null,
                null, Map.of("north", 0.5, "south", 0.5)))).get("region");
        List<BatchSketcher.Item> items = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            items.add(new BatchSketcher.Item(Instant.parse("2026-02-01T10:00:00Z"),
                    JSON.objectNode().put("region", i < 2 ? "north" : "east"), JSON.numberNode(0.5)));
        }
        WindowSketch window = new WindowSketch();
        BatchSketcher.sketch(items, Set.of("region")).forEach(b -> window.add(b, f -> true));
        // labels east, north, south: expected (0, .5, .5), actual (.5, .5, 0); PSI = 2 * (0.5 - 1e-4) ln(0.5 / 1e-4)
        WindowStatistic psi = DriftEvaluator.evaluate(Map.of("region", ref), window).get(0);
        assertThat(psi.value()).isCloseTo(2 * (0.5 - 1e-4) * Math.log(0.5 / 1e-4), within(1e-9));
    }

    @Test
    void merging_the_same_buckets_in_the_same_order_gives_the_same_sketches() {
        Random random = new Random(7);
        List<SketchBucket> buckets = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            List<BatchSketcher.Item> items = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                items.add(new BatchSketcher.Item(Instant.parse("2026-02-01T10:00:00Z").plusSeconds(b * 60L),
                        JSON.objectNode().put("x", random.nextGaussian()), JSON.numberNode(random.nextDouble())));
            }
            buckets.addAll(BatchSketcher.sketch(items, Set.of("x")));
        }
        WindowSketch a = new WindowSketch();
        WindowSketch b = new WindowSketch();
        buckets.forEach(x -> a.add(x, f -> true));
        WindowSketch noise = new WindowSketch();
        buckets.forEach(x -> {
            noise.add(x, f -> true);
            b.add(x, f -> true);
        });
        assertThat(b.sketches()).isEqualTo(a.sketches());
    }

    @Test
    void only_the_watched_features_are_sketched_and_every_output_field_is() {
        List<BatchSketcher.Item> items = List.of(new BatchSketcher.Item(Instant.parse("2026-02-01T10:00:00Z"),
                JSON.objectNode().put("income", 5.0).put("age", 40).put("region", "north"),
                JSON.objectNode().put("score", 0.7).put("label", "approve")));
        List<SketchBucket> buckets = BatchSketcher.sketch(items, Set.of("income", "region"));
        assertThat(buckets).hasSize(1);
        assertThat(buckets.get(0).features()).extracting(FeatureSketch::name).containsExactly("income", "region");
        assertThat(buckets.get(0).outputs()).extracting(FeatureSketch::name)
                .containsExactly("output.label", "output.score");
    }
}
