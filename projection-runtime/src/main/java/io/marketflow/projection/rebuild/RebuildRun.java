package io.marketflow.projection.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

/** One rebuild's progress, updated by the thread that runs it and read by anyone. */
final class RebuildRun {

    enum State { REPLAYING, INDEXING, SWAPPING, COMPLETED, FAILED }

    private final List<String> groups;
    private final Clock clock;
    private final Instant startedAt;
    private volatile State state = State.REPLAYING;
    private volatile LongSupplier eventsDone = () -> 0;
    private volatile long eventsTotal;
    private volatile Instant finishedAt;
    private volatile String failure;

    RebuildRun(List<String> groups, Clock clock) {
        this.groups = List.copyOf(groups);
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    void total(long events) {
        eventsTotal = events;
    }

    /** Where the count of events replayed so far comes from. */
    void countedBy(LongSupplier events) {
        eventsDone = events;
    }

    void enter(State next) {
        state = next;
    }

    void completed() {
        finishedAt = clock.instant();
        state = State.COMPLETED;
    }

    void failed(String why) {
        failure = why;
        finishedAt = clock.instant();
        state = State.FAILED;
    }

    List<String> groups() {
        return groups;
    }

    RebuildStatus status() {
        long done = eventsDone.getAsLong();
        long total = Math.max(eventsTotal, done);
        Instant end = finishedAt == null ? clock.instant() : finishedAt;
        double seconds = Math.max(Duration.between(startedAt, end).toNanos() / 1e9, 1e-3);
        long perSecond = Math.round(done / seconds);
        Long secondsLeft = state == State.REPLAYING && perSecond > 0 ? (total - done + perSecond - 1) / perSecond : null;
        return new RebuildStatus(state.name(), groups, done, total, perSecond, secondsLeft, startedAt, finishedAt,
                failure);
    }
}
