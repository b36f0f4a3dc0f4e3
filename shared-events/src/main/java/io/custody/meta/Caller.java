package io.custody.meta;

import java.util.List;
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
    /**
     * The caller names the source system and the business transaction in these headers. The actor header
     * counts only with authentication off; otherwise the actor is the authenticated principal
     * (docs/security.md).
     */
    public static final String ACTOR_HEADER = "X-Custody-Actor";
    public static final String SOURCE_HEADER = "X-Custody-Source";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** The headers a request names its caller with; each is checked by {@link #headerProblem}. */
    public static final List<String> HEADERS = List.of(ACTOR_HEADER, SOURCE_HEADER, CORRELATION_HEADER);
    /**
     * The longest actor, source or correlation id: every read-model column that keeps one holds at least
     * this many characters (query-side V43).
     */
    public static final int MAX_HEADER_LENGTH = 200;

    /** A caller whose roles are unknown to the command side (a system task, or a test). */
    public Caller(String actor, String sourceSystem, String correlationId) {
        this(actor, sourceSystem, correlationId, null);
    }

    public Caller {
        actor = actor == null || actor.isBlank() ? "anonymous" : actor;
        sourceSystem = sourceSystem == null || sourceSystem.isBlank() ? "unknown" : sourceSystem;
        correlationId = correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId;
    }

    /** Why a caller header's value cannot be recorded, or null when it can. */
    public static String headerProblem(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_HEADER_LENGTH) {
            return "must be at most " + MAX_HEADER_LENGTH + " characters (got " + value.length() + ")";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    public static Caller system(String sourceSystem) {
        return new Caller("system", sourceSystem, null);
    }

    public Caller withSource(String source) {
        return new Caller(actor, Objects.requireNonNull(source), correlationId, roles);
    }
}
