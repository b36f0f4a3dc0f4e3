package io.custody.infra.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.support.IntegrationTest;
import io.custody.infra.support.StoredEvents;
import io.custody.meta.Metadata;
import io.custody.query.store.StoredEventSource;
import io.custody.query.store.StoredEventSource.Column;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the query side's relation of stored events against what Axon reads back from the same rows: an Axon
 * upgrade that changes the event table's columns or their form fails here, not in a read model's copy.
 */
class EventTableSourceTest extends IntegrationTest {

    /** A payload no projection handles, so appending it changes no read model or lookup table. */
    record Probe(String name, int count, List<String> tags, String absent) {
    }

    private static final Probe PROBE = new Probe("sales", 3, List.of("a", "b"), null);

    @Autowired
    StoredEventSource source;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    AxonStorePositions positions;

    @Test
    void every_column_of_an_event_by_its_identifier_is_what_axon_reads_from_the_row() throws Exception {
        String stream = "contract:" + UUID.randomUUID();
        StoredEvents.append(eventStore, transactions, List.of(new GenericDomainEventMessage<>("Contract", stream, 0,
                PROBE, MetaData.with(Metadata.ACTOR, "alice").and(Metadata.EVENT_TIME, "2026-01-15T09:00:00Z"))));
        DomainEventMessage<?> read = eventStore.readEvents(stream).next();

        Map<String, Object> row = jdbc.queryForMap(source.byEventIds(Column.values()),
                (Object) new String[] {read.getIdentifier()});

        assertThat(row.get("position")).isEqualTo(positions.newestPositions(List.of(stream)).get(stream));
        assertThat(row.get("event_id")).isEqualTo(read.getIdentifier());
        assertThat(row.get("stream")).isEqualTo(stream);
        assertThat(row.get("stream_type")).isEqualTo("Contract");
        assertThat(row.get("sequence")).isEqualTo(0L);
        assertThat(row.get("payload_type")).isEqualTo(Probe.class.getName());
        assertThat(row.get("revision")).isNull();
        assertThat(jdbc.queryForObject("SELECT recorded_at FROM (" + source.byEventIds(Column.RECORDED_AT) + ") e",
                OffsetDateTime.class, (Object) new String[] {read.getIdentifier()}).toInstant())
                .isEqualTo(read.getTimestamp());
        JsonNode expectedPayload = json.valueToTree(PROBE);
        assertThat(json.readTree(row.get("payload").toString())).isEqualTo(expectedPayload);
        assertThat(json.readTree((byte[]) row.get("payload_json"))).isEqualTo(expectedPayload);
        JsonNode metadata = json.readTree(row.get("metadata").toString());
        assertThat(metadata.get(Metadata.ACTOR).asText()).isEqualTo("alice");
        assertThat(metadata.get(Metadata.EVENT_TIME).asText()).isEqualTo("2026-01-15T09:00:00Z");
        assertThat(json.readTree((byte[]) row.get("metadata_json"))).isEqualTo(metadata);
    }

    @Test
    void the_relation_of_every_event_takes_the_callers_conditions() {
        String stream = "contract:" + UUID.randomUUID();
        StoredEvents.append(eventStore, transactions, List.of(
                new GenericDomainEventMessage<>("Contract", stream, 0, PROBE, MetaData.emptyInstance()),
                new GenericDomainEventMessage<>("Contract", stream, 1, PROBE, MetaData.emptyInstance())));

        List<Long> sequences = jdbc.queryForList("SELECT sequence FROM (" + source.all(Column.STREAM, Column.SEQUENCE)
                + ") e WHERE stream = ? AND sequence > ? ORDER BY sequence", Long.class, stream, -1L);

        assertThat(sequences).containsExactly(0L, 1L);
    }
}
