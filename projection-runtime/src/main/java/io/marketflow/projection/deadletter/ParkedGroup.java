package io.marketflow.projection.deadletter;

import java.time.Instant;
import java.util.List;

/**
 * What one processing group has parked.
 *
 * @param group            the processing group
 * @param parkedSequences  sequences parked in all
 * @param parkedLetters    events parked in all
 * @param oldestEnqueuedAt when the oldest of them was parked; null when none is
 * @param sequences        at most the first 100 sequences, in the order a retry takes them (least
 *                         recently tried first)
 */
public record ParkedGroup(String group, long parkedSequences, long parkedLetters, Instant oldestEnqueuedAt,
                          List<ParkedSequence> sequences) {
}
