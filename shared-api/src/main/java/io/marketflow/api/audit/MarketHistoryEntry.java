package io.marketflow.api.audit;

import java.time.Instant;

/**
 * One event of a market's history, with its cause.
 *
 * @param sequence      its place in the market's history, from 0
 * @param type          the event's name, e.g. {@code ApplicationApproved}
 * @param occurredAt    when it was appended
 * @param actor         who caused it ({@code sub})
 * @param actorRole     in which role
 * @param correlationId the request it came from
 * @param payload       the event itself, as stored: a JSON object
 */
public record MarketHistoryEntry(long sequence, String type, Instant occurredAt, String actor, String actorRole,
                                 String correlationId, String payload) {
}
