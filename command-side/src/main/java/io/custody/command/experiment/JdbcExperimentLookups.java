package io.custody.command.experiment;

import io.custody.values.ExperimentId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers {@link ExperimentLookups} from {@code cs_experiment}, kept by {@link ExperimentLookupProjection}. */
@Component
class JdbcExperimentLookups implements ExperimentLookups {

    private final JdbcTemplate jdbc;

    JdbcExperimentLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ExperimentId> liveExperimentNamed(String name) {
        return jdbc.queryForList("SELECT id FROM cs_experiment WHERE name = ? AND NOT deleted", String.class, name)
                .stream().findFirst().map(ExperimentId::of);
    }

    @Override
    public boolean isLive(ExperimentId experiment) {
        return !jdbc.queryForList("SELECT 1 FROM cs_experiment WHERE id = ? AND NOT deleted", Integer.class,
                experiment.value()).isEmpty();
    }

    @Override
    public boolean exists(ExperimentId experiment) {
        return !jdbc.queryForList("SELECT 1 FROM cs_experiment WHERE id = ?", Integer.class, experiment.value())
                .isEmpty();
    }

    @Override
    public ExperimentId nextId() {
        Long next = jdbc.queryForObject("SELECT nextval('cs_experiment_id')", Long.class);
        return ExperimentId.of(String.valueOf(next));
    }
}
