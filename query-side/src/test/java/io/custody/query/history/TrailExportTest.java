package io.custody.query.history;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TrailExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"DatasetRegistered", "{\"a\":1}", "dataset:lending/applications", "", "a=b", "4+4"})
    void a_cell_that_starts_as_data_is_written_as_is(String cell) {
        assertThat(TrailExport.inert(cell)).isEqualTo(cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx", "\rx"})
    void a_cell_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(String cell) {
        assertThat(TrailExport.inert(cell)).isEqualTo("'" + cell);
    }
}
