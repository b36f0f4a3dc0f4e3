package io.custody.infra.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.config.CustodyProperties;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Tamper evidence: the audit key, the sealer and the verifier. See docs/audit.md. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    AuditKey auditKey(AuditProperties audit, CustodyProperties custody) {
        return AuditKey.resolve(audit.key(), audit.keyFile(), custody.embedded().enabled(), custody.dataDir(), true);
    }

    @Bean
    Verifier verifier(DataSource dataSource, AuditKey key, ObjectMapper json) {
        return new Verifier(dataSource, key, json);
    }

    @Bean
    @ConditionalOnProperty(prefix = "custody.audit.sealer", name = "enabled", havingValue = "true", matchIfMissing = true)
    Sealer sealer(DataSource dataSource, AuditKey key, AuditProperties properties, EventStore eventStore,
                  TransactionManager transactionManager) {
        return new Sealer(dataSource, key, properties, new CheckpointWriter(eventStore, transactionManager));
    }
}
