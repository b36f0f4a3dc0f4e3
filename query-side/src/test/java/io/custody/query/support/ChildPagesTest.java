package io.custody.query.support;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import io.custody.errors.CustodyException;
import org.dataloader.DataLoaderRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.execution.DefaultBatchLoaderRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One query per page asked for, whatever the number of parents: the batch loader behind paged child lists. */
class ChildPagesTest {

    record Child(String parent, int n) {
    }

    /** Each parent's children, newest first. */
    private static final Map<String, List<Integer>> CHILDREN = Map.of("a", List.of(5, 4, 3, 2, 1), "b", List.of(2, 1),
            "c", List.of());

    private final List<String> queries = new ArrayList<>();
    private final DataLoaderRegistry loaders = new DataLoaderRegistry();
    private final DataFetchingEnvironment env = DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
            .dataLoaderRegistry(loaders).build();
    private final ChildPages<String, String, Integer, Child> pages;

    ChildPagesTest() {
        DefaultBatchLoaderRegistry registry = new DefaultBatchLoaderRegistry();
        pages = ChildPages.register(registry, "children", p -> p, p -> null, Child::parent,
                c -> String.valueOf(c.n()), cursor -> Cursors.parse(cursor, Integer::valueOf), this::load);
        registry.registerDataLoaders(loaders, GraphQLContext.newContext().build());
    }

    private List<Child> load(List<String> parents, Integer before, int limit, AsOf asOf) {
        queries.add(parents.stream().sorted().toList() + " before " + before + " limit " + limit);
        return parents.stream().flatMap(p -> CHILDREN.get(p).stream().filter(n -> before == null || n < before)
                .limit(limit).map(n -> new Child(p, n))).sorted(Comparator.comparing(Child::parent)).toList();
    }

    @Test
    void parents_asking_for_the_same_page_share_one_query() {
        CompletableFuture<Connection<Child>> a = pages.page("a", 2, null, env);
        CompletableFuture<Connection<Child>> b = pages.page("b", 2, null, env);
        CompletableFuture<Connection<Child>> c = pages.page("c", 2, null, env);
        loaders.dispatchAll();

        assertThat(queries).containsExactly("[a, b, c] before null limit 3");
        assertThat(a.join().nodes()).extracting(Child::n).containsExactly(5, 4);
        assertThat(a.join().pageInfo().hasNextPage()).isTrue();
        assertThat(b.join().nodes()).extracting(Child::n).containsExactly(2, 1);
        assertThat(b.join().pageInfo().hasNextPage()).isFalse();
        assertThat(c.join().nodes()).isEmpty();
    }

    @Test
    void a_page_after_a_cursor_continues_where_the_previous_page_ended() {
        CompletableFuture<Connection<Child>> first = pages.page("a", 2, null, env);
        loaders.dispatchAll();
        String cursor = first.join().pageInfo().endCursor();

        CompletableFuture<Connection<Child>> second = pages.page("a", 2, cursor, env);
        CompletableFuture<Connection<Child>> otherPage = pages.page("b", 1, null, env);
        loaders.dispatchAll();

        assertThat(second.join().nodes()).extracting(Child::n).containsExactly(3, 2);
        assertThat(otherPage.join().nodes()).extracting(Child::n).containsExactly(2);
        assertThat(queries).containsExactlyInAnyOrder("[a] before null limit 3", "[a] before 4 limit 3",
                "[b] before null limit 2");
    }

    @Test
    void a_cursor_that_does_not_parse_is_refused_naming_after() {
        assertThatThrownBy(() -> pages.page("a", 2, Cursors.encode("four"), env))
                .isInstanceOfSatisfying(CustodyException.class, e -> assertThat(e.field()).isEqualTo("after"));
    }
}
