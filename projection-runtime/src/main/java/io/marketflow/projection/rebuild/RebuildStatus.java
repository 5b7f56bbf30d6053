package io.marketflow.projection.rebuild;

import java.time.Instant;
import java.util.List;

/**
 * Where a rebuild stands.
 *
 * @param state           {@code REPLAYING}, {@code INDEXING}, {@code SWAPPING}, {@code COMPLETED} or {@code FAILED}
 * @param groups          the processing groups being rebuilt
 * @param eventsDone      events replayed so far
 * @param eventsTotal     events in the store when the rebuild started, or replayed so far if more
 * @param eventsPerSecond replay rate since the start
 * @param secondsLeft     estimated time to replay the rest, while replaying
 * @param startedAt       when it started
 * @param finishedAt      when it completed or failed
 * @param failure         why it failed; the live tables are then untouched
 */
public record RebuildStatus(String state, List<String> groups, long eventsDone, long eventsTotal,
                            long eventsPerSecond, Long secondsLeft, Instant startedAt, Instant finishedAt,
                            String failure) {

    boolean running() {
        return finishedAt == null;
    }
}
