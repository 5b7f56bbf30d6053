package io.marketflow.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

class SubjectRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    /** The limiter's time, moved by the test. */
    private long now;
    private final SubjectRateLimiter limiter = new SubjectRateLimiter(10, 5, new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return now;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    });

    private Optional<Duration> acquireAt(long nanos) {
        now = nanos;
        return limiter.acquire("olga");
    }

    @Test
    void aBurstIsServedAtOnceAndTheNextRequestWaitsForOneRefill() {
        for (int i = 0; i < 5; i++) {
            assertThat(acquireAt(0)).isEmpty();
        }

        Optional<Duration> wait = acquireAt(0);

        assertThat(wait).hasValue(Duration.ofMillis(100));
    }

    @Test
    void theBucketRefillsAtTheSustainedRateAndNeverBeyondTheBurst() {
        for (int i = 0; i < 5; i++) {
            acquireAt(0);
        }

        assertThat(acquireAt(SECOND / 10)).isEmpty();
        assertThat(acquireAt(SECOND / 10)).isPresent();

        long muchLater = 60 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(acquireAt(muchLater)).isEmpty();
        }
        assertThat(acquireAt(muchLater)).isPresent();
    }

    @Test
    void subjectsHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 5; i++) {
            acquireAt(0);
        }

        assertThat(acquireAt(0)).isPresent();
        assertThat(limiter.acquire("oscar")).isEmpty();
    }
}
