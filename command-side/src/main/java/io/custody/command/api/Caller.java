package io.custody.command.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Who sends a command and through what: resolved once per request by the server and attached to every
 * command as metadata. The actor is the authenticated principal's name; for services it is the service
 * account.
 */
public record Caller(String actor, String sourceSystem, String correlationId) {

    public static final String CONTEXT_KEY = "custody.caller";

    public Caller {
        actor = actor == null || actor.isBlank() ? "anonymous" : actor;
        sourceSystem = sourceSystem == null || sourceSystem.isBlank() ? "unknown" : sourceSystem;
        correlationId = correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId;
    }

    public static Caller system(String sourceSystem) {
        return new Caller("system", sourceSystem, null);
    }

    public Caller withSource(String source) {
        return new Caller(actor, Objects.requireNonNull(source), correlationId);
    }
}
