package io.custody.infra.rebuild;

import java.util.List;

/**
 * A read model that can be rebuilt: one processing group, its projection classes, and where it keeps
 * its state.
 *
 * @param name        the processing group, e.g. {@code dataset-read-model}
 * @param kind        PostgreSQL tables or the search index
 * @param tables      for {@link Kind#POSTGRES}: the tables it owns
 * @param projections the classes of the group's event handlers
 */
public record ReadModel(String name, Kind kind, List<String> tables, List<Class<?>> projections) {

    public enum Kind {
        POSTGRES,
        SEARCH
    }
}
