package io.marketflow.projection.deadletter;

import java.time.Instant;

/**
 * One parked sequence of a processing group: the events of one market that wait behind the first one, which
 * a projection could not apply.
 *
 * @param sequenceIdentifier the market's id
 * @param letters            events parked in it
 * @param firstPayloadType   the type of the event that blocks it
 * @param causeType          why that event failed last, as an exception type; null when it never failed itself (it
 *                           was parked behind letters that have since been applied)
 * @param causeMessage       that exception's message
 * @param enqueuedAt         when that event was parked
 * @param lastTouchedAt      when it was last parked or retried
 */
public record ParkedSequence(String sequenceIdentifier, long letters, String firstPayloadType, String causeType,
                             String causeMessage, Instant enqueuedAt, Instant lastTouchedAt) {
}
