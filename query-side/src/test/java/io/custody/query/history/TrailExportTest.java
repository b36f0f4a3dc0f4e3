package io.custody.query.history;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrailExportTest {

    @Test
    void a_plain_csv_cell_is_written_as_is() {
        assertThat(TrailExport.csvCell("DatasetRegistered")).isEqualTo("DatasetRegistered");
    }

    @Test
    void a_cell_with_a_comma_quote_or_line_break_is_quoted_with_its_quotes_doubled() {
        assertThat(TrailExport.csvCell("{\"a\":1,\"b\":2}")).isEqualTo("\"{\"\"a\"\":1,\"\"b\"\":2}\"");
        assertThat(TrailExport.csvCell("two\nlines")).isEqualTo("\"two\nlines\"");
    }
}
