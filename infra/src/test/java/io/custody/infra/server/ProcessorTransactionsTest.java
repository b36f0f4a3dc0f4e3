package io.custody.infra.server;

import io.custody.infra.support.IntegrationTest;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read models' transactions plan each statement for the tables as they are now (see
 * {@code CustomPlansTransactionManager}); every other transaction keeps PostgreSQL's default plan cache.
 */
class ProcessorTransactionsTest extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void every_read_model_transaction_plans_for_the_tables_as_they_are_and_nothing_else_does() {
        assertThat(processing.eventProcessors().values()).filteredOn(StreamingEventProcessor.class::isInstance)
                .isNotEmpty().allSatisfy(processor -> {
                    Transaction transaction = processing.transactionManager(processor.getName()).startTransaction();
                    try {
                        assertThat(planCacheMode()).as(processor.getName()).isEqualTo("force_custom_plan");
                    } finally {
                        transaction.rollback();
                    }
                });
        assertThat(planCacheMode()).isEqualTo("auto");
    }

    private String planCacheMode() {
        return jdbc.queryForObject("SHOW plan_cache_mode", String.class);
    }
}
