package io.custody.query.mlflow;

import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.query.mlflow.SearchFilter.Clause;
import io.custody.query.mlflow.SearchFilter.Kind;
import io.custody.query.mlflow.SearchFilter.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchFilterParserTest {

    @Test
    void a_blank_filter_has_no_clauses() {
        assertThat(SearchFilterParser.filter(null).clauses()).isEmpty();
        assertThat(SearchFilterParser.filter("  ").clauses()).isEmpty();
    }

    @Test
    void clauses_over_metrics_params_tags_and_attributes_are_joined_by_and() {
        SearchFilter filter = SearchFilterParser.filter("metrics.auc >= 0.8 and params.max_depth = '6' "
                + "AND tags.\"team name\" LIKE 'risk%' AND attributes.status != 'FAILED' AND start_time > 1700000000000");
        assertThat(filter.clauses()).containsExactly(
                new Clause(Kind.METRIC, "auc", ">=", List.of(0.8)),
                new Clause(Kind.PARAM, "max_depth", "=", List.of("6")),
                new Clause(Kind.TAG, "team name", "LIKE", List.of("risk%")),
                new Clause(Kind.ATTRIBUTE, "status", "!=", List.of("FAILED")),
                new Clause(Kind.ATTRIBUTE, "start_time", ">", List.of(1.7e12)));
    }

    @Test
    void singular_and_short_prefixes_backtick_keys_and_doubled_quotes_are_read_as_mlflow_reads_them() {
        SearchFilter filter = SearchFilterParser.filter(
                "metric.`val/loss` < -1.5e-3 AND param.lr ILIKE \"0.0%\" AND tag.note = 'it''s' AND attr.run_name = 'x'");
        assertThat(filter.clauses()).containsExactly(
                new Clause(Kind.METRIC, "val/loss", "<", List.of(-1.5e-3)),
                new Clause(Kind.PARAM, "lr", "ILIKE", List.of("0.0%")),
                new Clause(Kind.TAG, "note", "=", List.of("it's")),
                new Clause(Kind.ATTRIBUTE, "run_name", "=", List.of("x")));
    }

    @Test
    void run_ids_can_be_listed_with_in_and_not_in() {
        assertThat(SearchFilterParser.filter("attributes.run_id IN ('a', 'b') AND run_id NOT IN (\"c\")").clauses())
                .containsExactly(new Clause(Kind.ATTRIBUTE, "run_id", "IN", List.of("a", "b")),
                        new Clause(Kind.ATTRIBUTE, "run_id", "NOT IN", List.of("c")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "metrics.auc > 'high'",          // a metric compares with a number
            "params.lr > 0.1",               // a parameter with text comparators only
            "metrics.auc LIKE '0.%'",
            "metrics.auc > 0.8 OR metrics.auc < 0.1",
            "datasets.name = 'x'",           // unknown entity
            "attributes.colour = 'red'",     // unknown attribute
            "metrics.auc >",                 // no value
            "tags.note = 'unterminated",
            "params.lr IN ('a')",            // IN only for run ids
            "metrics. > 1",
            "metrics.auc ! 1"})
    void a_filter_outside_the_grammar_is_a_bad_request_naming_the_filter(String filter) {
        assertThatThrownBy(() -> SearchFilterParser.filter(filter)).isInstanceOfSatisfying(CustodyException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.field()).isEqualTo("filter");
                    assertThat(e.getMessage()).contains("cannot parse").contains("at character");
                });
    }

    @Test
    void order_by_keys_take_an_optional_direction() {
        assertThat(SearchFilterParser.order("metrics.auc DESC")).isEqualTo(new Order(Kind.METRIC, "auc", false));
        assertThat(SearchFilterParser.order("params.`max depth`")).isEqualTo(new Order(Kind.PARAM, "max depth", true));
        assertThat(SearchFilterParser.order("start_time asc")).isEqualTo(new Order(Kind.ATTRIBUTE, "start_time", true));
        assertThatThrownBy(() -> SearchFilterParser.order("metrics.auc SIDEWAYS"))
                .hasMessageContaining("expected ASC or DESC");
        assertThatThrownBy(() -> SearchFilterParser.order("attributes.colour"))
                .hasMessageContaining("unknown attribute");
    }
}
