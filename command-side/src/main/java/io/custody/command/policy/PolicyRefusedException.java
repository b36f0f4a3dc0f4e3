package io.custody.command.policy;

import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.events.policy.PolicyDecisionRecorded;

import java.util.Optional;

/**
 * A governed command the policy refused: FORBIDDEN, naming every failed rule. The command's unit of work rolls
 * back, so nothing of its effect is stored; the dispatcher then records {@link #refusal()} in a unit of work of its
 * own (stream {@code decision:<model>}) before the caller hears the answer.
 */
public class PolicyRefusedException extends CustodyException {

    private final transient PolicyDecisionRecorded refusal;

    public PolicyRefusedException(String field, String message, PolicyDecisionRecorded refusal) {
        super(ErrorCode.FORBIDDEN, field, message);
        this.refusal = refusal;
    }

    public PolicyDecisionRecorded refusal() {
        return refusal;
    }

    /** The refusal behind a failure, however the command bus wrapped it. */
    public static Optional<PolicyRefusedException> within(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PolicyRefusedException refused) {
                return Optional.of(refused);
            }
        }
        return Optional.empty();
    }
}
