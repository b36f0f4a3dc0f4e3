package io.custody.infra.deadletter;

import io.custody.query.support.Cursors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/** The dead letters of a read model, and retrying them (docs/graphql-api.md). */
@Controller
class DeadLettersGraphQl {

    /** A page of a group's dead letters, with how many it holds in all. */
    record DeadLetterList(String processor, long count, List<DeadLetterView> letters) {
    }

    private final DeadLetters deadLetters;

    DeadLettersGraphQl(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @QueryMapping
    DeadLetterList deadLetters(@Argument String processor, @Argument Integer first) {
        List<DeadLetterView> letters = deadLetters.list(processor, Cursors.pageSize(first));
        return new DeadLetterList(processor, deadLetters.count(processor), letters);
    }

    @MutationMapping
    DeadLetters.RetryOutcome retryDeadLetters(@Argument String processor) {
        return deadLetters.retry(processor);
    }
}
