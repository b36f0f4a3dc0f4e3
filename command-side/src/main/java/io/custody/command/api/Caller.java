package io.custody.command.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Who sends a command and through what: resolved once per request by the server and attached to every
 * command as metadata. The actor is the authenticated principal's name; for services it is the service
 * account. {@code roles} are the Custody roles it holds, comma separated (null when unknown): policy rules about
 * who may deploy read them, and an approval records them.
 */
public record Caller(String actor, String sourceSystem, String correlationId, String roles) {

    public static final String CONTEXT_KEY = "custody.caller";

    /** A caller whose roles are unknown to the command side (a system task, or a test). */
    public Caller(String actor, String sourceSystem, String correlationId) {
        this(actor, sourceSystem, correlationId, null);
    }

    public Caller {
        actor = actor == null || actor.isBlank() ? "anonymous" : actor;
        sourceSystem = sourceSystem == null || sourceSystem.isBlank() ? "unknown" : sourceSystem;
        correlationId = correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId;
    }

    public static Caller system(String sourceSystem) {
        return new Caller("system", sourceSystem, null);
    }

    public Caller withSource(String source) {
        return new Caller(actor, Objects.requireNonNull(source), correlationId, roles);
    }
}
