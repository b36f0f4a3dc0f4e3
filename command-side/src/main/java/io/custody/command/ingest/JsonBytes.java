package io.custody.command.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON values written as {@link ObjectMapper#writeValueAsBytes} writes them, byte for byte: a prediction's features
 * are written to digest them and its output to measure it. Objects, arrays, booleans, nulls, ints, longs, finite
 * doubles and printable ASCII text, the whole of a typical feature vector, are written here directly, because
 * Jackson's tree serialization (a serializer lookup and a generator call per value) was a tenth of monitored
 * ingest's CPU (docs/benchmarks.md, "Monitoring"); anything else, and every value when the mapper is configured to
 * write differently, goes through one generator and provider for the whole batch. One per request thread's batch;
 * not thread-safe.
 */
final class JsonBytes {

    private final ObjectMapper json;
    private final boolean direct;
    private final Buffer buffer = new Buffer();
    private JsonGenerator generator;
    private SerializerProvider provider;

    JsonBytes(ObjectMapper json) {
        this.json = json;
        // The settings the direct writer assumes: Jackson's defaults, which Custody's mapper keeps.
        this.direct = json.getSerializationConfig().isEnabled(JsonNodeFeature.WRITE_NULL_PROPERTIES)
                && json.isEnabled(SerializationFeature.WRITE_EMPTY_JSON_ARRAYS)
                && !json.isEnabled(SerializationFeature.INDENT_OUTPUT)
                && !json.getFactory().isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                && !json.getFactory().isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS)
                && !json.getFactory().isEnabled(JsonGenerator.Feature.ESCAPE_NON_ASCII)
                && json.getFactory().isEnabled(JsonGenerator.Feature.QUOTE_FIELD_NAMES)
                && json.getFactory().getCharacterEscapes() == null;
    }

    /** The bytes of {@code value} as JSON. */
    byte[] of(JsonNode value) {
        write(value);
        return buffer.toByteArray();
    }

    /** How many bytes {@code value} takes as JSON. */
    int size(JsonNode value) {
        write(value);
        return buffer.size();
    }

    private void write(JsonNode value) {
        buffer.reset();
        if (direct && direct(value)) {
            return;
        }
        buffer.reset();
        try {
            if (generator == null) {
                generator = json.createGenerator(buffer);
                // Values are written one after another at the root: without this, each would start with a space.
                generator.setRootValueSeparator(null);
                provider = json.getSerializerProviderInstance();
            }
            // What writeTree does, less the provider it makes for every value.
            value.serialize(generator, provider);
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON value", e);
        }
    }

    /** Writes {@code value} as Jackson would; false, with a partial write, for a value it leaves to Jackson. */
    private boolean direct(JsonNode value) {
        if (value instanceof ObjectNode object) {
            buffer.write('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!first) {
                    buffer.write(',');
                }
                first = false;
                if (!text(field.getKey())) {
                    return false;
                }
                buffer.write(':');
                if (!direct(field.getValue())) {
                    return false;
                }
            }
            buffer.write('}');
            return true;
        }
        if (value instanceof ArrayNode array) {
            buffer.write('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    buffer.write(',');
                }
                if (!direct(array.get(i))) {
                    return false;
                }
            }
            buffer.write(']');
            return true;
        }
        if (value instanceof DoubleNode number) {
            double d = number.doubleValue();
            // Jackson writes NaN and the infinities as quoted text.
            return Double.isFinite(d) && ascii(Double.toString(d));
        }
        if (value instanceof IntNode || value instanceof LongNode) {
            return ascii(Long.toString(value.longValue()));
        }
        if (value instanceof TextNode text) {
            return text(text.textValue());
        }
        if (value instanceof BooleanNode) {
            return ascii(value.booleanValue() ? "true" : "false");
        }
        if (value instanceof NullNode) {
            return ascii("null");
        }
        return false;
    }

    /** A quoted string of printable ASCII other than quote and backslash, which Jackson writes unescaped. */
    private boolean text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        buffer.write('"');
        ascii(text);
        buffer.write('"');
        return true;
    }

    private boolean ascii(String text) {
        buffer.writeAscii(text);
        return true;
    }

    private static final class Buffer extends ByteArrayOutputStream {

        @Override
        public synchronized byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        @Override
        public void write(int b) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[count++] = (byte) b;
        }

        /** Text known to be ASCII, a byte a character. */
        @SuppressWarnings("deprecation")
        void writeAscii(String text) {
            int n = text.length();
            if (count + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
            }
            text.getBytes(0, n, buf, count);
            count += n;
        }
    }
}
