package io.custody.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBytesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void values_written_one_after_another_have_the_bytes_writeValueAsBytes_gives_each() throws Exception {
        JsonBytes writer = new JsonBytes(json);
        List<String> values = List.of("{\"income\":50000.5,\"age\":40,\"f\":-0.123,\"big\":1.0E23,\"tiny\":4.9E-324}",
                "{\"region\":\"nörth \\\"x\\\" \\u0001\\n\",\"tags\":[1,\"a\",null,true],\"nested\":{\"a\":{}}}",
                "0.73", "\"approve\"", "[]", "{\"score\":0.73,\"label\":\"approve\"}", "12345678901234567890");
        for (String text : values) {
            JsonNode value = json.readTree(text);
            byte[] expected = json.writeValueAsBytes(value);
            assertThat(writer.of(value)).as(text).isEqualTo(expected);
            assertThat(writer.size(value)).as(text).isEqualTo(expected.length);
        }
    }
}
