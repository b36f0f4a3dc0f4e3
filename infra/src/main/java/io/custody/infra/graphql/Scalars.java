package io.custody.infra.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The custom scalars of the schema: DateTime, Long and JSON. Not graphql-java-extended-scalars: its DateTime
 * writes exactly three fraction digits in the sender's offset, and Custody's wire form is the UTC instant in
 * {@link OffsetDateTime#toString()}'s shortest form ({@code 2026-01-06T09:00Z}), which clients already read.
 */
final class Scalars {

    private Scalars() {
    }

    static GraphQLScalarType dateTime() {
        return GraphQLScalarType.newScalar().name("DateTime").description("ISO-8601 instant with offset")
                .coercing(new Coercing<OffsetDateTime, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof OffsetDateTime t) {
                            return t.withOffsetSameInstant(ZoneOffset.UTC).toString();
                        }
                        if (value instanceof Instant i) {
                            return i.atOffset(ZoneOffset.UTC).toString();
                        }
                        if (value instanceof String s) {
                            return s;
                        }
                        throw new CoercingSerializeException("not a date-time: " + value);
                    }

                    @Override
                    public OffsetDateTime parseValue(Object input, GraphQLContext context, Locale locale) {
                        return parse(String.valueOf(input), CoercingParseValueException::new);
                    }

                    @Override
                    public OffsetDateTime parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                                       Locale locale) {
                        if (input instanceof StringValue s) {
                            return parse(s.getValue(), CoercingParseLiteralException::new);
                        }
                        throw new CoercingParseLiteralException("DateTime must be a string such as 2026-01-15T09:00:00Z");
                    }
                }).build();
    }

    private static <E extends RuntimeException> OffsetDateTime parse(String text,
                                                                     java.util.function.Function<String, E> error) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw error.apply("DateTime must be ISO-8601 with an offset, e.g. 2026-01-15T09:00:00Z (got '" + text + "')");
        }
    }

    static GraphQLScalarType longScalar() {
        return GraphQLScalarType.newScalar().name("Long").description("64-bit integer")
                .coercing(new Coercing<Long, Long>() {
                    @Override
                    public Long serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof Number n) {
                            return n.longValue();
                        }
                        throw new CoercingSerializeException("not a number: " + value);
                    }

                    @Override
                    public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                        if (input instanceof Number n) {
                            return n.longValue();
                        }
                        try {
                            return Long.parseLong(String.valueOf(input));
                        } catch (NumberFormatException e) {
                            throw new CoercingParseValueException("Long must be an integer (got '" + input + "')");
                        }
                    }

                    @Override
                    public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                             Locale locale) {
                        if (input instanceof IntValue i) {
                            return i.getValue().longValueExact();
                        }
                        if (input instanceof StringValue s) {
                            return parseValue(s.getValue(), context, locale);
                        }
                        throw new CoercingParseLiteralException("Long must be an integer");
                    }
                }).build();
    }

    static GraphQLScalarType json(ObjectMapper mapper) {
        return GraphQLScalarType.newScalar().name("JSON").description("Any JSON value")
                .coercing(new Coercing<Object, Object>() {
                    @Override
                    public Object serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof JsonNode node) {
                            return mapper.convertValue(node, Object.class);
                        }
                        return value;
                    }

                    @Override
                    public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                        return input;
                    }

                    @Override
                    public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                               Locale locale) {
                        return literal(input);
                    }
                }).build();
    }

    private static Object literal(Value<?> value) {
        if (value instanceof StringValue s) {
            return s.getValue();
        }
        if (value instanceof IntValue i) {
            return i.getValue();
        }
        if (value instanceof FloatValue f) {
            return f.getValue();
        }
        if (value instanceof BooleanValue b) {
            return b.isValue();
        }
        if (value instanceof NullValue) {
            return null;
        }
        if (value instanceof ArrayValue a) {
            return a.getValues().stream().map(Scalars::literal).toList();
        }
        if (value instanceof ObjectValue o) {
            Map<String, Object> map = new LinkedHashMap<>();
            o.getObjectFields().forEach(f -> map.put(f.getName(), literal(f.getValue())));
            return map;
        }
        throw new CoercingParseLiteralException("unsupported JSON literal");
    }

    static List<GraphQLScalarType> all(ObjectMapper mapper) {
        return List.of(dateTime(), longScalar(), json(mapper));
    }
}
