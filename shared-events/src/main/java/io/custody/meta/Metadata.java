package io.custody.meta;

/**
 * Keys of the metadata every command and event carries. The command APIs set them from the caller;
 * Axon's correlation data providers copy them onto each event the command produces, so the trail of
 * who, from where, in reply to what, survives in the store itself.
 */
public final class Metadata {

    /** The authenticated user or service on whose behalf the command ran. */
    public static final String ACTOR = "actor";
    /** The system that sent it: {@code graphql}, {@code ingest}, {@code openlineage}, or a service's own name. */
    public static final String SOURCE_SYSTEM = "sourceSystem";
    /** Ties together every message of one business transaction; Axon's own key. */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";
    /** The emitter's own id for the event, used to accept a re-send once. */
    public static final String CLIENT_EVENT_ID = "clientEventId";
    /** When the emitter says the thing happened (ISO-8601), as opposed to when Custody recorded it. */
    public static final String EVENT_TIME = "eventTime";
    /**
     * The Custody roles the authenticated caller holds (comma separated), for the policy rules about who may
     * deploy; on commands only, never copied onto events (a role is recorded where a rule needs it).
     */
    public static final String ROLES = "roles";

    private Metadata() {
    }
}
