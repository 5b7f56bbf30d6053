package io.marketflow.api.audit;

/**
 * The metadata keys every event carries: who caused it, in which role, and which request and command it came from.
 * They are filled from the verified token and the request's headers only; no request body can set them.
 */
public final class AuditMetadata {

    /** The {@code sub} of the token that sent the command. */
    public static final String ACTOR = "actor";
    /** The role the actor acted in: {@code organizer} or {@code vendor}. */
    public static final String ACTOR_ROLE = "actorRole";
    /** The request's {@code X-Correlation-Id}, or one made for it: shared by everything one request caused. */
    public static final String CORRELATION_ID = "correlationId";
    /** The identifier of the command message that caused the event. */
    public static final String CAUSATION_ID = "causationId";

    private AuditMetadata() {
    }
}
