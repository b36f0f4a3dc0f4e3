package io.custody.command.api;

import io.custody.command.policy.PolicyRefusedException;
import io.custody.commands.policy.RecordPolicyDecision;
import io.custody.meta.Metadata;
import io.custody.payloads.CommandReceipt;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one road from every write API (GraphQL, HTTP ingest, OpenLineage) to the command bus: it stamps
 * the caller's metadata, sends, and turns the outcome into a receipt after the read models caught up.
 */
@Component
public class CommandDispatcher {

    private final CommandGateway gateway;
    private final ReadYourWrites readYourWrites;

    public CommandDispatcher(CommandGateway gateway, ReadYourWrites readYourWrites) {
        this.gateway = gateway;
        this.readYourWrites = readYourWrites;
    }

    /** Sends the command and waits for the read models; the receipt's position is then readable. */
    public CommandReceipt send(Object command, String stream, Caller caller, String clientEventId) {
        return dispatch(command, stream, caller, clientEventId, null, true).receipt();
    }

    /** What a command answered, beside its receipt: e.g. the version number Custody assigned. */
    public record Dispatched(CommandReceipt receipt, Object result) {
    }

    /**
     * Sends the command, optionally waiting for the read models. Batch ingest passes {@code false} and
     * waits once for the batch's highest position instead of once per item.
     */
    public Dispatched dispatch(Object command, String stream, Caller caller, String clientEventId, String eventTime,
                               boolean awaitReadModels) {
        long before = readYourWrites.headOf(stream);
        Object result = sendAndWait(command, caller, clientEventId, eventTime);
        long head = readYourWrites.headOf(stream);
        // Handlers answer false for an idempotent repeat; the client-event-id guard does the same for re-sends.
        // A handler that answers a value instead (a version number) cannot say; the stream's head can. A
        // concurrent append to the same stream may then report a repeat as a change, never the reverse.
        boolean changed = result instanceof Boolean answered ? answered : head != before;
        CommandReceipt receipt = new CommandReceipt(stream, head, changed);
        if (awaitReadModels) {
            readYourWrites.await(receipt.position());
        }
        return new Dispatched(receipt, result);
    }

    private Object sendAndWait(Object command, Caller caller, String clientEventId, String eventTime) {
        Map<String, Object> meta = metaData(caller, clientEventId, eventTime);
        try {
            return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(meta)));
        } catch (RuntimeException failure) {
            Optional<PolicyRefusedException> refused = PolicyRefusedException.within(failure);
            if (refused.isEmpty()) {
                throw failure;
            }
            // The refused command rolled back; its refusal is recorded in a unit of work of its own, then answered.
            meta.remove(Metadata.CLIENT_EVENT_ID);
            RecordPolicyDecision record = new RecordPolicyDecision(refused.get().refusal());
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(record).andMetaData(MetaData.from(meta)));
            readYourWrites.await(readYourWrites.headOf(record.streamId()));
            throw refused.get();
        }
    }

    /**
     * The metadata a command carries, and Axon's correlation data providers copy onto each event it records:
     * the caller (with its roles when known), the emitter's client event id and time when it gave them.
     */
    public static Map<String, Object> metaData(Caller caller, String clientEventId, String eventTime) {
        Map<String, Object> meta = new HashMap<>();
        meta.put(Metadata.ACTOR, caller.actor());
        meta.put(Metadata.SOURCE_SYSTEM, caller.sourceSystem());
        meta.put(Metadata.CORRELATION_ID, caller.correlationId());
        if (clientEventId != null && !clientEventId.isBlank()) {
            meta.put(Metadata.CLIENT_EVENT_ID, clientEventId);
        }
        if (eventTime != null) {
            meta.put(Metadata.EVENT_TIME, eventTime);
        }
        if (caller.roles() != null) {
            meta.put(Metadata.ROLES, caller.roles());
        }
        return meta;
    }

    public void await(long position) {
        readYourWrites.await(position);
    }

    /**
     * Waits until the named read models applied every event stored before this call: for a read whose API
     * answers writes before they are projected.
     */
    public void awaitStored(Set<String> readModels) {
        readYourWrites.await(readYourWrites.head(), readModels);
    }
}
