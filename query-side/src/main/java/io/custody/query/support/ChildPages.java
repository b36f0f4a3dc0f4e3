package io.custody.query.support;

import graphql.schema.DataFetchingEnvironment;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Child lists that can grow without bound (a model's versions, a deployment's history), served a page at a
 * time through one batch loader per field: every parent on a response asking for the same page (same
 * {@code first}, {@code after} and instant) is answered by one query, whatever the number of parents.
 * Spring's {@code @BatchMapping} cannot see field arguments, so the page is part of the loader's key.
 *
 * @param <P> the parent, e.g. a model
 * @param <K> the parent's key in the child rows, e.g. the model's name
 * @param <C> a cursor, parsed: the sort key of the last child of the previous page
 * @param <V> the child
 */
public final class ChildPages<P, K, C, V> {

    /** What one parent's field asks for: its page size and where the page starts (null: the beginning). */
    public record Request<P, C>(P parent, int size, C after) {
    }

    /** Loads the first {@code limit} children after the cursor of each parent key, all parents in one query. */
    @FunctionalInterface
    public interface Loader<K, C, V> {
        List<V> load(List<K> parents, C after, int limit, AsOf asOf);
    }

    private final String name;
    private final Function<P, K> parentKey;
    private final Function<P, AsOf> asOfOf;
    private final Function<V, K> childParent;
    private final Function<V, String> cursorOf;
    private final Function<String, C> parseCursor;
    private final Loader<K, C, V> loader;

    private ChildPages(String name, Function<P, K> parentKey, Function<P, AsOf> asOfOf, Function<V, K> childParent,
                       Function<V, String> cursorOf, Function<String, C> parseCursor, Loader<K, C, V> loader) {
        this.name = name;
        this.parentKey = parentKey;
        this.asOfOf = asOfOf;
        this.childParent = childParent;
        this.cursorOf = cursorOf;
        this.parseCursor = parseCursor;
        this.loader = loader;
    }

    /**
     * Registers the batch loader {@code name}.
     *
     * @param parentKey   the key of a parent, as its children name it
     * @param asOfOf      the instant the parent was read as of (null: now); its children answer as of the same
     * @param childParent the parent key a child belongs to
     * @param cursorOf    a child's sort key, the cursor after it (encoded by {@link Cursors})
     * @param parseCursor a decoded cursor back into a sort key; throws BAD_REQUEST naming {@code after} if it is not one
     */
    public static <P, K, C, V> ChildPages<P, K, C, V> register(BatchLoaderRegistry registry, String name,
                                                               Function<P, K> parentKey, Function<P, AsOf> asOfOf,
                                                               Function<V, K> childParent, Function<V, String> cursorOf,
                                                               Function<String, C> parseCursor, Loader<K, C, V> loader) {
        ChildPages<P, K, C, V> pages = new ChildPages<>(name, parentKey, asOfOf, childParent, cursorOf, parseCursor, loader);
        registry.<Request<P, C>, Connection<V>>forName(name)
                .registerMappedBatchLoader((requests, env) -> Mono.fromSupplier(() -> pages.load(requests)));
        return pages;
    }

    /** The page a field asks for, checked here so that a bad {@code first} or {@code after} names the field's argument. */
    public CompletableFuture<Connection<V>> page(P parent, Integer first, String after, DataFetchingEnvironment env) {
        int size = Cursors.pageSize(first);
        String decoded = Cursors.decode(after);
        C cursor = decoded == null ? null : parseCursor.apply(decoded);
        return env.<Request<P, C>, Connection<V>>getDataLoader(name).load(new Request<>(parent, size, cursor));
    }

    private Map<Request<P, C>, Connection<V>> load(Iterable<Request<P, C>> requests) {
        Map<Group<C>, List<Request<P, C>>> groups = new LinkedHashMap<>();
        requests.forEach(r -> groups.computeIfAbsent(new Group<>(asOfOf.apply(r.parent()), r.size(), r.after()),
                g -> new ArrayList<>()).add(r));
        Map<Request<P, C>, Connection<V>> out = new LinkedHashMap<>();
        groups.forEach((group, members) -> {
            List<K> keys = members.stream().map(r -> parentKey.apply(r.parent())).distinct().toList();
            Map<K, List<V>> byParent = new LinkedHashMap<>();
            loader.load(keys, group.after(), group.size() + 1, group.asOf())
                    .forEach(v -> byParent.computeIfAbsent(childParent.apply(v), k -> new ArrayList<>()).add(v));
            members.forEach(r -> out.put(r, Connection.fromOverfetch(
                    byParent.getOrDefault(parentKey.apply(r.parent()), List.of()), group.size(), cursorOf, null)));
        });
        return out;
    }

    /** Parents that can share one query: read as of the same instant, asking for the same page. */
    private record Group<C>(AsOf asOf, int size, C after) {
    }
}
