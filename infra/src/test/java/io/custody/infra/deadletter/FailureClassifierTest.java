package io.custody.infra.deadletter;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.custody.query.search.SearchIndexingException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which projection failures are retried (transient) and which dead-letter their event (the event's own). */
class FailureClassifierTest {

    @Test
    void a_value_too_long_for_its_column_is_the_events_own_failure() {
        SQLException tooLong = new SQLException("ERROR: value too long for type character varying(128)", "22001");
        assertThat(FailureClassifier.isTransient(new DataIntegrityViolationException("copy failed", tooLong))).isFalse();
    }

    @Test
    void a_constraint_the_event_breaks_is_the_events_own_failure() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(FailureClassifier.isTransient(new DuplicateKeyException("insert failed", duplicate))).isFalse();
    }

    @Test
    void an_event_a_handler_cannot_read_or_refuses_is_the_events_own_failure() {
        assertThat(FailureClassifier.isTransient(new JsonMappingException(null, "unknown property"))).isFalse();
        assertThat(FailureClassifier.isTransient(new IllegalStateException("no such version"))).isFalse();
    }

    @Test
    void a_lost_database_connection_is_transient() {
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        assertThat(FailureClassifier.isTransient(new DataAccessResourceFailureException("lost", lost))).isTrue();
        assertThat(FailureClassifier.isTransient(new IllegalStateException("wrapped", lost))).isTrue();
    }

    @Test
    void no_connection_from_the_pool_is_transient() {
        assertThat(FailureClassifier.isTransient(new CannotGetJdbcConnectionException("pool exhausted",
                new SQLTransientConnectionException("Connection is not available, request timed out")))).isTrue();
    }

    @Test
    void a_deadlock_a_lock_timeout_and_a_server_shutting_down_are_transient() {
        assertThat(FailureClassifier.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(FailureClassifier.isTransient(new PessimisticLockingFailureException("lock",
                new SQLException("could not obtain lock", "55P03")))).isTrue();
        assertThat(FailureClassifier.isTransient(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
    }

    @Test
    void a_search_node_that_cannot_be_reached_or_is_overloaded_is_transient() {
        assertThat(FailureClassifier.isTransient(new SearchIndexingException("search index unreachable",
                new ConnectException("Connection refused"), List.of()))).isTrue();
        assertThat(FailureClassifier.isTransient(new SearchIndexingException("rejected", List.of(429)))).isTrue();
        assertThat(FailureClassifier.isTransient(new SearchIndexingException("unavailable", List.of(400, 503)))).isTrue();
        assertThat(FailureClassifier.isTransient(new UncheckedIOException(new ConnectException("refused")))).isTrue();
    }

    @Test
    void a_document_the_search_node_refuses_is_the_events_own_failure() {
        assertThat(FailureClassifier.isTransient(new SearchIndexingException(
                "search indexing failed: d1 -> 400 document_parsing_exception", List.of(400)))).isFalse();
    }

    @Test
    void a_failure_of_an_event_handled_alone_is_judged_by_its_cause() {
        SQLException tooLong = new SQLException("value too long", "22001");
        SQLException lost = new SQLException("connection lost", "08003");
        assertThat(FailureClassifier.isTransient(new IsolatedFailure(tooLong))).isFalse();
        assertThat(FailureClassifier.isTransient(new IsolatedFailure(lost))).isTrue();
    }

    @Test
    void a_batch_update_failure_is_judged_by_the_statement_it_carries() {
        SQLException batch = new SQLException("Batch entry 0 was aborted", "22001");
        batch.setNextException(new SQLException("terminating connection", "57P01"));
        assertThat(FailureClassifier.isTransient(batch)).isTrue();
    }
}
