package io.custody.command.api;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Finds a command's stream: every Custody command names it with {@code @TargetAggregateIdentifier} on a
 * public {@code streamId()} method. Axon's own resolver looks for the annotation again on every command,
 * a few percent of the CPU of an OpenLineage batch; this one looks once per command type and then calls
 * the method directly. A command without such a method is left to Axon's resolver.
 */
public class StreamTargetResolver implements CommandTargetResolver {

    /** The bean name every aggregate's {@code @Aggregate(commandTargetResolver = ...)} refers to. */
    public static final String BEAN = "streamTargetResolver";

    private static final ClassValue<MethodHandle> STREAM_ID = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            for (Method method : type.getMethods()) {
                if (method.isAnnotationPresent(TargetAggregateIdentifier.class) && method.getParameterCount() == 0
                        && method.getReturnType() == String.class && !Modifier.isStatic(method.getModifiers())) {
                    try {
                        return MethodHandles.publicLookup().unreflect(method)
                                .asType(MethodType.methodType(String.class, Object.class));
                    } catch (IllegalAccessException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    };

    private final CommandTargetResolver fallback = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object payload = command.getPayload();
        MethodHandle streamId = STREAM_ID.get(payload.getClass());
        if (streamId == null) {
            return fallback.resolveTarget(command);
        }
        String id;
        try {
            id = (String) streamId.invokeExact(payload);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("streamId() of " + payload.getClass().getName() + " failed", e);
        }
        if (id == null) {
            // The same refusal Axon's resolver gives, so callers see one behaviour.
            return fallback.resolveTarget(command);
        }
        return new VersionedAggregateIdentifier(id, null);
    }
}
