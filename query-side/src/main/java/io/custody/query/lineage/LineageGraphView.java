package io.custody.query.lineage;

import java.time.OffsetDateTime;
import java.util.List;

/** The part of the lineage graph around a node: what {@code lineage(...)} answers. */
public record LineageGraphView(String root, String direction, int depth, OffsetDateTime asOf,
                               List<LineageNodeView> nodes, List<LineageEdgeView> edges) {
}
