package io.marketflow.edge.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;

/**
 * A Bucket4j token bucket per subject, in this instance's memory: {@code burst} requests at once, refilled at
 * {@code perSecond}. With several instances behind a balancer a subject gets up to that many times the rate. A
 * subject idle long enough for its bucket to be full again is forgotten (Caffeine), and so, beyond
 * {@value #MAX_TRACKED_SUBJECTS} subjects, are those least likely to come back.
 */
final class SubjectRateLimiter {

    private static final int MAX_TRACKED_SUBJECTS = 100_000;

    private final Bandwidth bandwidth;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    SubjectRateLimiter(int perSecond, int burst) {
        this(perSecond, burst, TimeMeter.SYSTEM_NANOTIME);
    }

    SubjectRateLimiter(int perSecond, int burst, TimeMeter time) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.bandwidth = Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build();
        this.time = time;
        Duration refilled = Duration.ofNanos(Math.max(1_000_000_000L, 1_000_000_000L * burst / perSecond));
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_TRACKED_SUBJECTS).expireAfterAccess(refilled).build();
    }

    /** Empty when {@code subject} may go ahead; otherwise how long until it may. */
    Optional<Duration> acquire(String subject) {
        ConsumptionProbe probe = buckets.get(subject, this::bucket).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket bucket(String subject) {
        return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build();
    }
}
