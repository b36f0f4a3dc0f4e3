package io.custody.infra.deadletter;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import io.custody.query.search.SearchIndexingException;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Says whether a projection's failure is transient (the database or the search node is unreachable, busy or
 * shutting down: the same event will succeed later, so it is retried) or specific to the event (a value its
 * column cannot hold, a constraint, a document the index refuses, an event a handler cannot read: retrying
 * cannot help, so the event is dead-lettered). A failure is transient when anything in its cause chain says
 * so; everything else is the event's.
 */
public final class FailureClassifier {

    /** SQLSTATE classes and codes of a failure of the server or the connection, not of the statement's data. */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of(
            "08", // connection exception
            "40", // transaction rollback: serialization failure, deadlock
            "53", // insufficient resources: disk full, out of memory, too many connections
            "57", // operator intervention: shutdown, query canceled (statement timeout)
            "58"); // system error: I/O error
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of(
            "55P03", // lock not available
            "25P02"); // an earlier statement of the transaction failed: that one decides, on the retry

    private FailureClassifier() {
    }

    /** True when the same event is expected to succeed later; false when it is the event that fails. */
    public static boolean isTransient(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (transientItself(t)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null && isTransient(sql.getNextException())) {
                return true;
            }
        }
        return false;
    }

    private static boolean transientItself(Throwable t) {
        if (t instanceof SearchIndexingException search) {
            return unreachableOrBusy(search.statuses());
        }
        if (t instanceof ElasticsearchException search) {
            return unreachableOrBusy(Set.of(search.status()));
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (TRANSIENT_SQL_STATES.contains(state) || (state.length() >= 2
                    && TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2)))) {
                return true;
            }
        }
        return t instanceof SQLTransientException
                || t instanceof SQLRecoverableException
                || t instanceof SQLNonTransientConnectionException
                || t instanceof TransientDataAccessException
                || t instanceof RecoverableDataAccessException
                || t instanceof DataAccessResourceFailureException
                || t instanceof CannotCreateTransactionException
                || t instanceof SocketException
                || t instanceof SocketTimeoutException
                || t instanceof UnknownHostException
                || t instanceof TransportException
                || t instanceof TimeoutException
                // The queue is full: the event is not at fault, and it must not be skipped either.
                || t instanceof DeadLetterQueueOverflowException;
    }

    /** No status (the node was not reached), too many requests, or a server-side error. */
    private static boolean unreachableOrBusy(Collection<Integer> statuses) {
        return statuses.isEmpty() || statuses.stream().anyMatch(s -> s == 429 || s >= 500);
    }
}
