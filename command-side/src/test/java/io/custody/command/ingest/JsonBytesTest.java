package io.custody.command.ingest;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBytesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void values_written_one_after_another_have_the_bytes_writeValueAsBytes_gives_each() throws Exception {
        JsonBytes writer = new JsonBytes(json);
        List<String> values = List.of("{\"income\":50000.5,\"age\":40,\"f\":-0.123,\"big\":1.0E23,\"tiny\":4.9E-324}",
                "{\"region\":\"nörth \\\"x\\\" \\u0001\\n\",\"tags\":[1,\"a\",null,true],\"nested\":{\"a\":{}}}",
                "0.73", "\"approve\"", "[]", "{\"score\":0.73,\"label\":\"approve\"}", "12345678901234567890",
                "{\"a/b\":\"c/d\",\"\":\"\",\"e\":[[],{}],\"n\":-0.0,\"m\":1e7,\"k\":1e-3,\"x\":2e23,\"l\":-9223372036854775808}",
                "{\"tab\\tname\":1}", "{\"emoji\":\"\\ud83d\\ude00\"}", "{\"del\":\"\\u007f\"}");
        for (String text : values) {
            JsonNode value = json.readTree(text);
            byte[] expected = json.writeValueAsBytes(value);
            assertThat(writer.of(value)).as(text).isEqualTo(expected);
            assertThat(writer.size(value)).as(text).isEqualTo(expected.length);
        }
    }

    @Test
    void random_feature_vectors_have_the_bytes_jackson_writes() throws Exception {
        JsonBytes writer = new JsonBytes(json);
        Random random = new Random(7);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        for (int i = 0; i < 20_000; i++) {
            ObjectNode features = nodes.objectNode();
            for (int f = 0; f < 12; f++) {
                String name = "f" + f;
                switch (random.nextInt(9)) {
                    case 0 -> features.put(name, random.nextGaussian());
                    case 1 -> features.put(name, Math.round(random.nextGaussian() * 1000) / 1000.0);
                    case 2 -> features.put(name, Double.longBitsToDouble(random.nextLong()));
                    case 3 -> features.put(name, random.nextInt());
                    case 4 -> features.put(name, random.nextLong());
                    case 5 -> features.put(name, (float) random.nextGaussian());
                    case 6 -> features.put(name, new BigDecimal(random.nextGaussian()));
                    case 7 -> features.put(name, Character.toString(random.nextInt(0x20, 0x180)));
                    default -> features.put(name, random.nextBoolean());
                }
            }
            assertThat(writer.of(features)).as(features.toString()).isEqualTo(json.writeValueAsBytes(features));
        }
    }

    @Test
    void a_mapper_that_writes_doubles_otherwise_is_followed() throws Exception {
        ObjectMapper fast = JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        JsonBytes writer = new JsonBytes(fast);
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            JsonNode value = JsonNodeFactory.instance.objectNode().put("x", Double.longBitsToDouble(random.nextLong()));
            assertThat(writer.of(value)).isEqualTo(fast.writeValueAsBytes(value));
        }
    }
}
