package io.custody.infra.rebuild;

import io.custody.errors.CustodyException;
import io.custody.infra.security.SecurityProperties;
import io.custody.meta.Caller;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/** Admin operations on read models: list them, rebuild one, follow a rebuild. */
@Controller
class RebuildGraphQl {

    /** A read model as the API shows it. */
    record ReadModelInfo(String name, ReadModel.Kind kind, List<String> tables, List<String> projections) {
    }

    private final Rebuilder rebuilder;
    private final ReadModels readModels;
    private final SecurityProperties security;

    RebuildGraphQl(Rebuilder rebuilder, ReadModels readModels, SecurityProperties security) {
        this.rebuilder = rebuilder;
        this.readModels = readModels;
        this.security = security;
    }

    @MutationMapping
    RebuildStatus rebuildReadModel(@Argument String name, @ContextValue(name = Caller.CONTEXT_KEY) Caller caller) {
        if (security.enabled() && !security.admins().contains(caller.actor())) {
            throw CustodyException.forbidden(null, caller.actor()
                    + " may not rebuild read models; custody.security.admins names who may");
        }
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
