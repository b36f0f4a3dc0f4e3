package io.custody.infra.audit;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code verify(from:, to:)}: recomputes the seal chain over a range of the log. */
@Controller
class AuditQuery {

    private final Verifier verifier;

    AuditQuery(Verifier verifier) {
        this.verifier = verifier;
    }

    @QueryMapping
    Verification verify(@Argument Long from, @Argument Long to) {
        return verifier.verify(from, to);
    }
}
