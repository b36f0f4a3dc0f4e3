package io.custody.query.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.query.support.JsonColumns;
import io.custody.query.support.SqlArrays;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.custody.query.support.SqlArrays.column;

/**
 * The node and edge writes of one batch of events, merged in memory and flushed as two upserts over arrays
 * before the batch's token commits. Every merge is order-independent (first position wins for identity,
 * newest report for state and facets, earliest quarantine), so segments applying events of different
 * streams in any order, and replays, end in the same rows. Rows are written sorted by key, so two
 * segments flushing at once lock rows in the same order and cannot deadlock.
 */
final class LineageBatch {

    // Hashed while the batch is handled (each event looks up a dozen nodes and edges), sorted once to flush.
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Edge> edges = new HashMap<>();

    static final class Node {
        final String id;
        String kind;
        String name;
        long firstPosition;
        OffsetDateTime firstRecordedAt;
        String state;
        Boolean stateTerminal;
        OffsetDateTime stateAt;
        Long statePosition;
        ObjectNode facets;
        Long facetsPosition;
        String quarantineReason;
        OffsetDateTime quarantinedAt;
        OffsetDateTime quarantinedRecordedAt;
        Long quarantinePosition;

        Node(String id) {
            this.id = id;
        }
    }

    record Edge(String from, String to, String kind, long position, String eventId, OffsetDateTime recordedAt,
                OffsetDateTime validFrom) {

        String key() {
            return from + "\u0000" + to + "\u0000" + kind;
        }
    }

    Node node(String id, String kind, String name, long position, OffsetDateTime recordedAt) {
        Node node = nodes.computeIfAbsent(id, Node::new);
        if (node.kind == null || position < node.firstPosition) {
            node.kind = kind;
            node.name = name;
            node.firstPosition = position;
            node.firstRecordedAt = recordedAt;
        }
        return node;
    }

    void state(Node node, String state, boolean terminal, OffsetDateTime at, long position) {
        if (node.state == null || Rank.compare(terminal, at, position, node.stateTerminal, node.stateAt,
                node.statePosition) > 0) {
            node.state = state;
            node.stateTerminal = terminal;
            node.stateAt = at;
            node.statePosition = position;
        }
    }

    void facets(Node node, JsonNode facets, long position) {
        if (facets == null || !facets.isObject() || facets.isEmpty()) {
            return;
        }
        // Merges replace whole facets, so only the top-level object is ever written to: a shallow copy keeps
        // the event's own object (shared by every processor through the event store's cache) untouched.
        if (node.facets == null) {
            node.facets = shallowCopy(facets);
            node.facetsPosition = position;
        } else if (position >= node.facetsPosition) {
            node.facets.setAll((ObjectNode) facets);
            node.facetsPosition = position;
        } else {
            ObjectNode older = shallowCopy(facets);
            older.setAll(node.facets);
            node.facets = older;
        }
    }

    private static ObjectNode shallowCopy(JsonNode facets) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        copy.setAll((ObjectNode) facets);
        return copy;
    }

    void quarantine(Node node, String reason, OffsetDateTime at, OffsetDateTime recordedAt, long position) {
        if (node.quarantinePosition == null || position < node.quarantinePosition) {
            node.quarantineReason = reason;
            node.quarantinedAt = at;
            node.quarantinedRecordedAt = recordedAt;
            node.quarantinePosition = position;
        }
    }

    void edge(String from, String to, String kind, long position, String eventId, OffsetDateTime recordedAt,
              OffsetDateTime validFrom) {
        Edge edge = new Edge(from, to, kind, position, eventId, recordedAt, validFrom);
        edges.merge(edge.key(), edge, (a, b) -> {
            Edge first = a.position() <= b.position() ? a : b;
            OffsetDateTime from2 = a.validFrom().isBefore(b.validFrom()) ? a.validFrom() : b.validFrom();
            return new Edge(first.from(), first.to(), first.kind(), first.position(), first.eventId(),
                    first.recordedAt(), from2);
        });
    }

    void flush(JdbcTemplate jdbc, JsonColumns json) {
        // One statement per table over arrays, the same text whatever the batch's size, so PostgreSQL plans
        // it once per connection (a batch of single-row upserts became a multi-row statement of a new length,
        // parsed and planned anew, every flush).
        // A batch's rows share a few instants (each event's two clocks): each is formatted once.
        Map<OffsetDateTime, String> texts = new HashMap<>();
        Function<OffsetDateTime, String> text = at -> at == null ? null
                : texts.computeIfAbsent(at, OffsetDateTime::toString);
        if (!nodes.isEmpty()) {
            List<Node> rows = nodes.values().stream().sorted(Comparator.comparing((Node n) -> n.id)).toList();
            jdbc.update(NODE_UPSERT, ps -> SqlArrays.bind(ps, rows, List.of(
                    column("text", n -> n.id),
                    column("text", n -> n.kind),
                    column("text", n -> n.name),
                    column("text", n -> n.state),
                    column("boolean", n -> n.stateTerminal),
                    column("text", n -> text.apply(n.stateAt)),
                    column("bigint", n -> n.statePosition),
                    column("text", n -> json.write(n.facets)),
                    column("bigint", n -> n.facetsPosition),
                    column("text", n -> n.quarantineReason),
                    column("text", n -> text.apply(n.quarantinedAt)),
                    column("text", n -> text.apply(n.quarantinedRecordedAt)),
                    column("bigint", n -> n.quarantinePosition),
                    column("bigint", n -> n.firstPosition),
                    column("text", n -> text.apply(n.firstRecordedAt)))));
        }
        if (!edges.isEmpty()) {
            List<Edge> rows = edges.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                    .toList();
            jdbc.update(EDGE_UPSERT, ps -> SqlArrays.bind(ps, rows, List.of(
                    column("text", Edge::from),
                    column("text", Edge::to),
                    column("text", Edge::kind),
                    column("bigint", Edge::position),
                    column("text", Edge::eventId),
                    column("text", e -> text.apply(e.recordedAt())),
                    column("text", e -> text.apply(e.validFrom())))));
        }
    }

    /** The order of state reports: an ending beats any other report, then the emitter's time, then the position. */
    static final class Rank {
        private Rank() {
        }

        static int compare(boolean terminal, OffsetDateTime at, long position, Boolean otherTerminal,
                           OffsetDateTime otherAt, Long otherPosition) {
            int c = Boolean.compare(terminal, Boolean.TRUE.equals(otherTerminal));
            if (c != 0) {
                return c;
            }
            c = at.compareTo(otherAt);
            return c != 0 ? c : Long.compare(position, otherPosition);
        }
    }

    // Both upserts skip rows they would not change: most of a batch's nodes and edges (a run's inputs, their
    // datasets, its job) exist already, and an update that changes nothing still writes a new row version
    // and its index entries.
    private static final String NODE_UPSERT = """
            INSERT INTO rm_lineage_node AS n (node_id, kind, name, state, state_terminal, state_at, state_position,
                                              facets, facets_position, quarantine_reason, quarantined_at,
                                              quarantined_recorded_at, quarantine_position, first_position,
                                              first_recorded_at)
            SELECT k.node_id, k.kind, k.name, k.state, k.state_terminal, k.state_at, k.state_position,
                   k.facets::jsonb, k.facets_position, k.quarantine_reason, k.quarantined_at,
                   k.quarantined_recorded_at, k.quarantine_position, k.first_position, k.first_recorded_at
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[], ?::bigint[],
                          ?::text[], ?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::bigint[],
                          ?::bigint[], ?::timestamptz[])
                   AS k (node_id, kind, name, state, state_terminal, state_at, state_position, facets,
                         facets_position, quarantine_reason, quarantined_at, quarantined_recorded_at,
                         quarantine_position, first_position, first_recorded_at)
             ORDER BY k.node_id
            ON CONFLICT (node_id) DO UPDATE SET
                kind = CASE WHEN EXCLUDED.first_position < n.first_position THEN EXCLUDED.kind ELSE n.kind END,
                name = CASE WHEN EXCLUDED.first_position < n.first_position THEN EXCLUDED.name ELSE n.name END,
                first_recorded_at = CASE WHEN EXCLUDED.first_position < n.first_position
                                         THEN EXCLUDED.first_recorded_at ELSE n.first_recorded_at END,
                first_position = LEAST(n.first_position, EXCLUDED.first_position),
                state = CASE WHEN n.state IS NULL OR (EXCLUDED.state IS NOT NULL AND
                             (EXCLUDED.state_terminal, EXCLUDED.state_at, EXCLUDED.state_position)
                             > (n.state_terminal, n.state_at, n.state_position)) THEN EXCLUDED.state ELSE n.state END,
                state_terminal = CASE WHEN n.state IS NULL OR (EXCLUDED.state IS NOT NULL AND
                             (EXCLUDED.state_terminal, EXCLUDED.state_at, EXCLUDED.state_position)
                             > (n.state_terminal, n.state_at, n.state_position))
                             THEN EXCLUDED.state_terminal ELSE n.state_terminal END,
                state_at = CASE WHEN n.state IS NULL OR (EXCLUDED.state IS NOT NULL AND
                             (EXCLUDED.state_terminal, EXCLUDED.state_at, EXCLUDED.state_position)
                             > (n.state_terminal, n.state_at, n.state_position)) THEN EXCLUDED.state_at ELSE n.state_at END,
                state_position = CASE WHEN n.state IS NULL OR (EXCLUDED.state IS NOT NULL AND
                             (EXCLUDED.state_terminal, EXCLUDED.state_at, EXCLUDED.state_position)
                             > (n.state_terminal, n.state_at, n.state_position))
                             THEN EXCLUDED.state_position ELSE n.state_position END,
                facets = CASE WHEN EXCLUDED.facets IS NULL THEN n.facets
                              WHEN n.facets IS NULL THEN EXCLUDED.facets
                              WHEN EXCLUDED.facets_position >= n.facets_position THEN n.facets || EXCLUDED.facets
                              ELSE EXCLUDED.facets || n.facets END,
                facets_position = GREATEST(n.facets_position, EXCLUDED.facets_position),
                quarantine_reason = CASE WHEN EXCLUDED.quarantine_position IS NOT NULL AND (n.quarantine_position IS NULL
                             OR EXCLUDED.quarantine_position < n.quarantine_position)
                             THEN EXCLUDED.quarantine_reason ELSE n.quarantine_reason END,
                quarantined_at = CASE WHEN EXCLUDED.quarantine_position IS NOT NULL AND (n.quarantine_position IS NULL
                             OR EXCLUDED.quarantine_position < n.quarantine_position)
                             THEN EXCLUDED.quarantined_at ELSE n.quarantined_at END,
                quarantined_recorded_at = CASE WHEN EXCLUDED.quarantine_position IS NOT NULL
                             AND (n.quarantine_position IS NULL OR EXCLUDED.quarantine_position < n.quarantine_position)
                             THEN EXCLUDED.quarantined_recorded_at ELSE n.quarantined_recorded_at END,
                quarantine_position = CASE WHEN EXCLUDED.quarantine_position IS NOT NULL AND (n.quarantine_position IS NULL
                             OR EXCLUDED.quarantine_position < n.quarantine_position)
                             THEN EXCLUDED.quarantine_position ELSE n.quarantine_position END
            WHERE EXCLUDED.first_position < n.first_position
               OR (EXCLUDED.state IS NOT NULL AND (n.state IS NULL OR
                   (EXCLUDED.state_terminal, EXCLUDED.state_at, EXCLUDED.state_position)
                   > (n.state_terminal, n.state_at, n.state_position)))
               OR (EXCLUDED.facets IS NOT NULL AND (n.facets IS NULL OR EXCLUDED.facets_position > n.facets_position
                   OR (n.facets || EXCLUDED.facets) IS DISTINCT FROM n.facets))
               OR (EXCLUDED.quarantine_position IS NOT NULL AND (n.quarantine_position IS NULL
                   OR EXCLUDED.quarantine_position < n.quarantine_position))""";

    private static final String EDGE_UPSERT = """
            INSERT INTO rm_lineage_edge AS e (from_node, to_node, kind, since, position, event_id, recorded_at,
                                              valid_from)
            SELECT k.from_node, k.to_node, k.kind, 0, k.position, k.event_id, k.recorded_at, k.valid_from
              FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                   AS k (from_node, to_node, kind, position, event_id, recorded_at, valid_from)
             ORDER BY k.from_node, k.to_node, k.kind
            ON CONFLICT (from_node, to_node, kind, since) DO UPDATE SET
                position = LEAST(e.position, EXCLUDED.position),
                event_id = CASE WHEN EXCLUDED.position < e.position THEN EXCLUDED.event_id ELSE e.event_id END,
                recorded_at = CASE WHEN EXCLUDED.position < e.position THEN EXCLUDED.recorded_at ELSE e.recorded_at END,
                valid_from = LEAST(e.valid_from, EXCLUDED.valid_from)
            WHERE EXCLUDED.position < e.position OR EXCLUDED.valid_from < e.valid_from""";
}
