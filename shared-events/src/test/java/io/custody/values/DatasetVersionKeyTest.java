package io.custody.values;

import io.custody.errors.CustodyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetVersionKeyTest {

    @Test
    void a_key_is_spelled_dataset_at_version_as_it_is_stored() {
        DatasetVersionKey key = DatasetVersionKey.of(DatasetName.of("lending/applications"), VersionLabel.of("v3"));
        assertThat(key.key()).isEqualTo("lending/applications@v3");
        assertThat(key).hasToString("lending/applications@v3");
    }

    @Test
    void a_key_reads_back_from_its_string_form_even_when_the_dataset_name_holds_an_at_sign() {
        for (String form : new String[] {"lending/applications@v3", "postgres://user@db:5432/public/t@2026-01-15",
                "s3://bucket/x@ol:0190f8a2+1"}) {
            DatasetVersionKey key = DatasetVersionKey.parse(form);
            assertThat(key.key()).isEqualTo(form);
            assertThat(DatasetVersionKey.parse(key.toString())).isEqualTo(key);
        }
        assertThat(DatasetVersionKey.parse("postgres://user@db:5432/public/t@v1").dataset().value())
                .isEqualTo("postgres://user@db:5432/public/t");
    }

    @Test
    void a_string_that_is_not_dataset_at_version_is_refused_naming_the_rule() {
        for (String bad : new String[] {"lending/applications", "@v3", "lending/applications@", "lending@v3"}) {
            assertThatThrownBy(() -> DatasetVersionKey.parse(bad)).as(bad).isInstanceOf(CustodyException.class)
                    .hasMessageContaining("must");
        }
    }

    @Test
    void a_search_key_of_another_form_reads_as_no_key() {
        assertThat(DatasetVersionKey.tryParse("lending/applications")).isEmpty();
        assertThat(DatasetVersionKey.tryParse("lending/applications@v3"))
                .contains(DatasetVersionKey.of("lending/applications", "v3"));
    }

    @Test
    void a_run_input_names_the_same_key() {
        DatasetVersionRef ref = new DatasetVersionRef(DatasetName.of("lending/applications"), VersionLabel.of("v3"),
                ContentDigest.of("sha256:" + "ab".repeat(32)));
        assertThat(ref.versionKey()).isEqualTo(DatasetVersionKey.parse("lending/applications@v3"));
        assertThat(ref.key()).isEqualTo("lending/applications@v3");
    }
}
