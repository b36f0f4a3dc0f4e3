package io.custody.query.support;

import java.util.List;
import java.util.function.Function;

/** A page of a cursor-paginated list, in the shape of the GraphQL Cursor Connections specification. */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo, Integer totalCount) {

    public record Edge<T>(String cursor, T node) {
    }

    public record PageInfo(boolean hasNextPage, String endCursor) {
    }

    /** The nodes without their cursors, for clients that page with pageInfo alone. */
    public List<T> nodes() {
        return edges.stream().map(Edge::node).toList();
    }

    /**
     * Builds a page from {@code first + 1} fetched rows: the extra row only tells whether another page
     * exists, which spares a count query.
     */
    public static <T> Connection<T> fromOverfetch(List<T> rows, int first, Function<T, String> cursorOf,
                                                  Integer totalCount) {
        boolean more = rows.size() > first;
        List<T> page = more ? rows.subList(0, first) : rows;
        List<Edge<T>> edges = page.stream().map(n -> new Edge<>(Cursors.encode(cursorOf.apply(n)), n)).toList();
        return new Connection<>(edges, new PageInfo(more, edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()),
                totalCount);
    }
}
