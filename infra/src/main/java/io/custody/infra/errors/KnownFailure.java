package io.custody.infra.errors;

import io.custody.command.api.ConcurrentAppend;
import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;

import java.util.Optional;

/**
 * What a failure means to a caller, whichever API it reached: a rule's refusal keeps its code, field and
 * message; a lost race on a stream's sequence is a CONFLICT to retry. GraphQL and REST errors both ask
 * here, so the two APIs cannot drift apart; anything else is theirs to report as INTERNAL.
 */
public record KnownFailure(ErrorCode code, String field, String message) {

    static final String LOST_RACE = "another change to the same entity was recorded at the same moment; "
            + "retry the request";

    /** Searches the whole cause chain: Axon and Spring wrap what a handler or the store threw. */
    public static Optional<KnownFailure> of(Throwable failure) {
        Optional<CustodyException> refusal = CustodyException.in(failure);
        if (refusal.isPresent()) {
            CustodyException c = refusal.get();
            return Optional.of(new KnownFailure(c.code(), c.field(), c.getMessage()));
        }
        if (ConcurrentAppend.isConcurrentAppend(failure)) {
            return Optional.of(new KnownFailure(ErrorCode.CONFLICT, null, LOST_RACE));
        }
        return Optional.empty();
    }
}
