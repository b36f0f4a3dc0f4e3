package io.custody.infra.deadletter;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/** The dead letters of a read model, and retrying them (docs/graphql-api.md). */
@Controller
class DeadLettersGraphQl {

    private static final int DEFAULT_FIRST = 50;
    private static final int MAX_FIRST = 500;

    /** A page of a group's dead letters, with how many it holds in all. */
    record DeadLetterList(String processor, long count, List<DeadLetterView> letters) {
    }

    private final DeadLetters deadLetters;

    DeadLettersGraphQl(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @QueryMapping
    DeadLetterList deadLetters(@Argument String processor, @Argument Integer first) {
        int limit = first == null ? DEFAULT_FIRST : Math.min(first, MAX_FIRST);
        List<DeadLetterView> letters = deadLetters.list(processor, limit);
        return new DeadLetterList(processor, deadLetters.counts().get(processor), letters);
    }

    @MutationMapping
    DeadLetters.RetryOutcome retryDeadLetters(@Argument String processor) {
        return deadLetters.retry(processor);
    }
}
