package io.custody.infra.rebuild;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/** Admin operations on read models: list them, rebuild one, follow a rebuild (ADMIN: AccessRules). */
@Controller
class RebuildGraphQl {

    /** A read model as the API shows it. */
    record ReadModelInfo(String name, ReadModel.Kind kind, List<String> tables, List<String> projections) {
    }

    private final Rebuilder rebuilder;
    private final ReadModels readModels;

    RebuildGraphQl(Rebuilder rebuilder, ReadModels readModels) {
        this.rebuilder = rebuilder;
        this.readModels = readModels;
    }

    @MutationMapping
    RebuildStatus rebuildReadModel(@Argument String name) {
        return rebuilder.start(name);
    }

    @QueryMapping
    RebuildStatus rebuild(@Argument String id) {
        return rebuilder.status(id).orElse(null);
    }

    @QueryMapping
    List<RebuildStatus> rebuilds() {
        return rebuilder.recent();
    }

    @QueryMapping
    List<ReadModelInfo> readModels() {
        return readModels.all().stream().map(m -> new ReadModelInfo(m.name(), m.kind(), m.tables(),
                m.projections().stream().map(Class::getSimpleName).toList())).toList();
    }
}
