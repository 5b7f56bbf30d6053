package io.marketflow.projection.deadletter;

import java.util.List;

/**
 * What retrying one processing group's parked sequences did. Every sequence parked when the retry began is either
 * {@code retried} here or {@code heldByAnotherRetry}: {@code sequencesBefore = retried + heldByAnotherRetry}.
 *
 * @param group                the processing group
 * @param sequencesBefore      sequences parked when the retry began
 * @param retried              sequences this retry took and ran through the group's projections, each once
 * @param drained              of those, sequences with no event left parked afterwards
 * @param heldByAnotherRetry   sequences that a retry running at the same time (on this or another instance) was
 *                             processing, or had already drained, when their turn came
 * @param stillParkedSequences sequences parked in the group when this retry ended
 * @param stillParked          at most the first 100 of them, each with the cause of its latest
 *                             failure; this includes sequences parked while the retry ran
 */
public record GroupRetry(String group, int sequencesBefore, int retried, int drained, int heldByAnotherRetry,
                         long stillParkedSequences, List<ParkedSequence> stillParked) {
}
