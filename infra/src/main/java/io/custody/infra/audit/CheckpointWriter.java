package io.custody.infra.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.audit.CheckpointRecorded;
import io.custody.meta.Metadata;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Reads and appends the checkpoint stream {@value CheckpointRecorded#STREAM}. */
final class CheckpointWriter {

    static final String ACTOR = "custody-sealer";
    private static final String AGGREGATE_TYPE = "audit";

    /** A checkpoint and the global position of the event that recorded it. */
    record Stored(long position, CheckpointRecorded checkpoint) {
    }

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    CheckpointWriter(EventStore eventStore, TransactionManager transactionManager, JdbcTemplate jdbc, ObjectMapper json) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The last position the newest checkpoint covers. */
    OptionalLong lastCovered() {
        List<byte[]> payload = jdbc.query("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number DESC LIMIT 1", (rs, i) -> rs.getBytes(1), CheckpointRecorded.STREAM);
        if (payload.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            JsonNode last = json.readTree(payload.get(0)).get("lastPosition");
            if (last == null || !last.canConvertToLong()) {
                throw new IllegalStateException("the newest checkpoint event is unreadable; run verify");
            }
            return OptionalLong.of(last.asLong());
        } catch (IOException e) {
            throw new IllegalStateException("the newest checkpoint event is unreadable; run verify", e);
        }
    }

    void append(CheckpointRecorded checkpoint) {
        Long last = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, CheckpointRecorded.STREAM);
        long sequence = last == null ? 0 : last + 1;
        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        uow.attachTransaction(transactionManager);
        uow.execute(() -> eventStore.publish(new GenericDomainEventMessage<>(AGGREGATE_TYPE, CheckpointRecorded.STREAM,
                sequence, checkpoint, Map.of(Metadata.ACTOR, ACTOR, Metadata.SOURCE_SYSTEM, "audit"))));
    }
}
