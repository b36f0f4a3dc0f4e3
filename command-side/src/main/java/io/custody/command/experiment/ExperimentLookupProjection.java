package io.custody.command.experiment;

import io.custody.command.lookup.LookupProjection;
import io.custody.events.experiment.ExperimentCreated;
import io.custody.events.experiment.ExperimentDeleted;
import io.custody.events.experiment.ExperimentRenamed;
import io.custody.events.experiment.ExperimentRestored;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code cs_experiment} in the subscribing group {@code command-lookups}, so a name taken or freed is
 * visible to the next command. The partial unique index on live names turns a race between two creations
 * of one name into a failed transaction for the second. Every write is an upsert or a plain update.
 */
@Component
@ProcessingGroup(LookupProjection.GROUP)
class ExperimentLookupProjection {

    private final JdbcTemplate jdbc;

    ExperimentLookupProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ExperimentCreated event) {
        jdbc.update("INSERT INTO cs_experiment (id, name, deleted) VALUES (?, ?, FALSE) ON CONFLICT (id) DO NOTHING",
                event.experiment().value(), event.name());
    }

    @EventHandler
    void on(ExperimentRenamed event) {
        jdbc.update("UPDATE cs_experiment SET name = ? WHERE id = ?", event.name(), event.experiment().value());
    }

    @EventHandler
    void on(ExperimentDeleted event) {
        jdbc.update("UPDATE cs_experiment SET deleted = TRUE WHERE id = ?", event.experiment().value());
    }

    @EventHandler
    void on(ExperimentRestored event) {
        jdbc.update("UPDATE cs_experiment SET deleted = FALSE WHERE id = ?", event.experiment().value());
    }
}
