package io.custody.query.mlflow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunSearchSqlTest {

    @Test
    void a_filtered_metric_orders_through_its_inner_join_and_keys_and_values_are_bound() {
        RunSearchSql sql = RunSearchSql.of(List.of("1"), List.of("active"),
                SearchFilterParser.filter("metrics.auc > 0.5 AND params.depth = '3'"),
                List.of(SearchFilterParser.order("metrics.auc DESC")), 101, 0);
        assertThat(sql.sql).contains("JOIN rm_ml_run_latest_metric k0 ON k0.run_id = r.run_id AND k0.key = ?")
                .contains("JOIN rm_ml_run_param k1").doesNotContain("LEFT JOIN")
                .contains("ORDER BY k0.value DESC, r.start_time DESC, r.run_id ASC LIMIT ? OFFSET ?")
                .doesNotContain("auc").doesNotContain("depth");
        assertThat(sql.args).hasSize(8).startsWith("auc", "depth").contains(0.5, "3", 101, 0);
    }

    @Test
    void an_unfiltered_ordering_key_is_left_joined_and_sorts_runs_without_it_last() {
        RunSearchSql sql = RunSearchSql.of(List.of("1"), List.of("active"), SearchFilterParser.filter(""),
                List.of(SearchFilterParser.order("tags.team"), SearchFilterParser.order("end_time DESC")), 10, 20);
        assertThat(sql.sql).contains("LEFT JOIN rm_ml_run_tag k0")
                .contains("ORDER BY k0.value ASC NULLS LAST, r.end_time DESC NULLS LAST, r.start_time DESC");
    }

    @Test
    void run_ids_in_a_list_and_times_as_whole_milliseconds() {
        RunSearchSql sql = RunSearchSql.of(List.of("1"), List.of("active"),
                SearchFilterParser.filter("run_id IN ('a', 'b') AND start_time >= 1700000000000"), List.of(), 10, 0);
        assertThat(sql.sql).contains("r.run_id = ANY (?)").contains("r.start_time >= ?");
        assertThat(sql.args).contains(1_700_000_000_000L);
    }
}
