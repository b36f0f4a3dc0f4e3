package io.custody.infra.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.custody.values.CodeVersion;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One deterministic sample of every event record under {@code io.custody.events}, built from its components so
 * that a new event type or a new field shows up in the contract test without anyone writing a sample by hand.
 * A value record's compact constructor validates its text, so each candidate text is tried until one passes.
 */
final class SampleEvents {

    private static final Instant AT = Instant.parse("2026-01-15T09:00:00.123456Z");
    private static final List<String> TEXTS = List.of("s3://bucket/sales", "v1", "alice", "tok0abc12345", "a", "1",
            "2026-01-15T09:00:00Z", "0e8a6c1b-5d4f-4c3a-9b2e-7f1d0c9a8b7e", "sha256:" + "ab".repeat(32), "production/credit-api/3");
    /** Values whose rules a component-wise sample does not meet. */
    private static final Map<Class<?>, Object> FIXED = Map.of(CodeVersion.class,
            new CodeVersion("https://git.example/custody/train.git", "0123456789abcdef0123456789abcdef01234567", false));

    private SampleEvents() {
    }

    /** Every top-level event record class under {@code io.custody.events}, by its fully qualified name. */
    static List<Class<?>> eventTypes() {
        try {
            var metadata = new CachingMetadataReaderFactory();
            List<Class<?>> types = new ArrayList<>();
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:io/custody/events/**/*.class")) {
                Class<?> type = load(metadata.getMetadataReader(r).getClassMetadata().getClassName());
                if (type.isRecord() && type.getEnclosingClass() == null) {
                    types.add(type);
                }
            }
            types.sort(Comparator.comparing(Class::getName));
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample of {@code type}, the same on every call. */
    static Object sample(Class<?> type) {
        return value(type, type);
    }

    private static Object value(Class<?> raw, Type generic) {
        if (FIXED.containsKey(raw)) {
            return FIXED.get(raw);
        }
        if (raw == String.class) {
            return "sample";
        }
        if (raw == int.class || raw == Integer.class) {
            return 3;
        }
        if (raw == long.class || raw == Long.class) {
            return 42L;
        }
        if (raw == double.class || raw == Double.class) {
            return 0.5;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == Instant.class) {
            return AT;
        }
        if (raw == java.time.Duration.class) {
            return java.time.Duration.ofHours(1);
        }
        if (raw == LocalDate.class) {
            return LocalDate.of(2026, 1, 15);
        }
        if (raw == UUID.class) {
            return UUID.fromString("0e8a6c1b-5d4f-4c3a-9b2e-7f1d0c9a8b7e");
        }
        if (raw == BigDecimal.class) {
            return new BigDecimal("1.25");
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            return JsonNodeFactory.instance.objectNode().put("label", "fraud").put("score", 0.9);
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw == List.class || raw == Set.class || raw == Optional.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Object one = value(rawOf(element), element);
            return raw == List.class ? List.of(one) : raw == Set.class ? Set.of(one) : Optional.of(one);
        }
        if (raw == Map.class) {
            Type[] kv = ((ParameterizedType) generic).getActualTypeArguments();
            Object key = rawOf(kv[0]) == String.class ? "key" : value(rawOf(kv[0]), kv[0]);
            return Map.of(key, value(rawOf(kv[1]), kv[1]));
        }
        if (raw.isRecord()) {
            return record(raw);
        }
        throw new IllegalStateException("no sample for " + generic.getTypeName() + ": add one to SampleEvents");
    }

    private static Object record(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Constructor<?> constructor = canonical(type, components);
        if (components.length == 1 && components[0].getType() == String.class) {
            for (String text : TEXTS) {
                try {
                    return constructor.newInstance(text);
                } catch (InvocationTargetException rejected) {
                    // not this record's form: try the next text
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("no sample text fits " + type.getName() + ": add one to SampleEvents.TEXTS");
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = value(components[i].getType(), components[i].getGenericType());
        }
        try {
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a sample " + type.getName() + ": " + e.getCause(), e);
        }
    }

    private static Constructor<?> canonical(Class<?> type, RecordComponent[] components) {
        try {
            Constructor<?> c = type.getDeclaredConstructor(Stream.of(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
            if (!Modifier.isPublic(c.getModifiers())) {
                c.setAccessible(true);
            }
            return c;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> rawOf(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
