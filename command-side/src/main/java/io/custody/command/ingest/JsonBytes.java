package io.custody.command.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * JSON values written as {@link ObjectMapper#writeValueAsBytes} writes them, byte for byte, through one generator
 * for a whole batch: a prediction's features are written to digest them and its output to measure it, and a
 * generator and serializer provider made for each value (as {@link ObjectMapper#writeTree} makes them) were a visible share of ingest CPU. One per request
 * thread's batch; not thread-safe.
 */
final class JsonBytes {

    private final ObjectMapper json;
    private final Buffer buffer = new Buffer();
    private JsonGenerator generator;
    private SerializerProvider provider;

    JsonBytes(ObjectMapper json) {
        this.json = json;
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

    private static final class Buffer extends ByteArrayOutputStream {
        @Override
        public synchronized byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }
    }
}
