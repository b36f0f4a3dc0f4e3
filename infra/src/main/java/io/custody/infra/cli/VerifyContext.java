package io.custody.infra.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.infra.audit.AuditKey;
import io.custody.infra.audit.AuditProperties;
import io.custody.infra.audit.Verifier;
import io.custody.infra.config.CustodyProperties;
import io.custody.infra.embedded.EmbeddedPostgresServer;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The small Spring context {@code verify} runs in: the server's configuration (application.yml, profiles,
 * command-line properties) and a data source, nothing else; no web server, no processors, no migrations.
 * Not a {@code @Configuration}, so the server's component scan never picks it up.
 */
@EnableConfigurationProperties({CustodyProperties.class, AuditProperties.class})
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class})
class VerifyContext {

    /** The embedded default's PostgreSQL: the running server's if there is one, else started for the command. */
    static final class CliPostgres implements AutoCloseable {

        final String jdbcUrl;
        private final EmbeddedPostgresServer started;

        CliPostgres(Path dataDir) {
            Path postgres = dataDir.toAbsolutePath().normalize().resolve("postgres");
            OptionalInt running = EmbeddedPostgresServer.runningPort(postgres);
            if (running.isPresent()) {
                started = null;
                jdbcUrl = "jdbc:postgresql://localhost:" + running.getAsInt() + "/postgres";
            } else {
                if (!postgres.resolve("PG_VERSION").toFile().exists()) {
                    throw new IllegalStateException("no Custody data in " + dataDir.toAbsolutePath()
                            + " (set --custody.data-dir)");
                }
                started = EmbeddedPostgresServer.start(postgres, 0);
                jdbcUrl = started.jdbcUrl();
            }
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "custody.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
    CliPostgres cliPostgres(CustodyProperties properties) {
        return new CliPostgres(properties.dataDir());
    }

    @Bean
    @ConditionalOnProperty(prefix = "custody.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
    JdbcConnectionDetails cliPostgresConnection(CliPostgres postgres) {
        return EmbeddedPostgresServer.connectionDetails(postgres.jdbcUrl);
    }

    @Bean
    AuditKey auditKey(AuditProperties audit, CustodyProperties custody) {
        // Never created here: a new key could not verify seals made with the server's.
        return AuditKey.resolve(audit.key(), audit.keyFile(), custody.embedded().enabled(), custody.dataDir(), false);
    }

    @Bean
    Verifier verifier(DataSource dataSource, AuditKey key, ObjectMapper json) {
        return new Verifier(dataSource, key, json);
    }
}
