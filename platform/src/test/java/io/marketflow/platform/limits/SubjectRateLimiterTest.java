package io.marketflow.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubjectRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private final SubjectRateLimiter limiter = new SubjectRateLimiter(10, 5);

    @Test
    void aBurstIsServedAtOnceAndTheNextRequestWaitsForOneRefill() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("olga", 0)).isEmpty();
        }

        Optional<Duration> wait = limiter.acquire("olga", 0);

        assertThat(wait).hasValue(Duration.ofMillis(100));
    }

    @Test
    void theBucketRefillsAtTheSustainedRateAndNeverBeyondTheBurst() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("olga", 0);
        }

        assertThat(limiter.acquire("olga", SECOND / 10)).isEmpty();
        assertThat(limiter.acquire("olga", SECOND / 10)).isPresent();

        long muchLater = 60 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("olga", muchLater)).isEmpty();
        }
        assertThat(limiter.acquire("olga", muchLater)).isPresent();
    }

    @Test
    void subjectsHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("olga", 0);
        }

        assertThat(limiter.acquire("olga", 0)).isPresent();
        assertThat(limiter.acquire("oscar", 0)).isEmpty();
    }
}
