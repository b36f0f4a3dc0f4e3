package io.custody.infra.rebuild;

import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every read-model table belongs to exactly one rebuildable read model (custody.rebuild.tables), so a
 * table added by a migration without its group's entry fails here instead of being left behind by a rebuild.
 */
class ReadModelTablesTest extends IntegrationTest {

    @Autowired
    ReadModels readModels;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void every_read_model_table_belongs_to_exactly_one_read_model_and_exists() {
        List<String> claimed = new ArrayList<>();
        for (ReadModel model : readModels.all()) {
            if (model.kind() == ReadModel.Kind.POSTGRES) {
                assertThat(model.tables()).as(model.name() + " has no custody.rebuild.tables entry").isNotEmpty();
                claimed.addAll(model.tables());
            }
        }
        List<String> existing = jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_name LIKE 'rm\\_%' ORDER BY 1", String.class);
        assertThat(claimed).doesNotHaveDuplicates();
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(existing);
    }

    @Test
    void the_read_models_are_the_streaming_processing_groups_and_the_command_side_lookups_are_not_among_them() {
        assertThat(readModels.all()).extracting(ReadModel::name)
                .contains("dataset-read-model", "run-read-model", "model-read-model", "deployment-read-model",
                        "prediction-read-model", "search-index")
                .doesNotContain("command-lookups");
    }
}
