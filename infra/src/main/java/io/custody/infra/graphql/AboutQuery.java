package io.custody.infra.graphql;

import io.custody.infra.store.AxonStorePositions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

@Controller
class AboutQuery {

    record About(String version, long head) {
    }

    private final AxonStorePositions positions;
    private final String version;

    AboutQuery(AxonStorePositions positions, @Value("${custody.version:dev}") String version) {
        this.positions = positions;
        this.version = version;
    }

    @QueryMapping
    About about() {
        return new About(version, positions.globalHead());
    }
}
