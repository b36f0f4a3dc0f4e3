package io.custody.infra.axon;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The streaming processors' transactions, each planning its statements for their own parameters and the
 * tables as they are now ({@code SET LOCAL plan_cache_mode = force_custom_plan}).
 *
 * <p>PostgreSQL otherwise keeps one generic plan per prepared statement from its sixth execution until the
 * table is next analyzed, and autovacuum looks once a minute. A projection replaying or catching up fills
 * its tables from empty, so a plan made while a table held a few rows would go on scanning it once it holds
 * tens of thousands. Only the processors: ingest and query statements run too often to plan each one, and
 * their plans cannot degrade that way (they probe indexes key by key).
 */
final class CustomPlansTransactionManager implements TransactionManager {

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    CustomPlansTransactionManager(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
