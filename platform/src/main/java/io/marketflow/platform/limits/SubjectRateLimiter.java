package io.marketflow.platform.limits;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per subject, in this instance's memory: {@code burst} requests at once, refilled at
 * {@code perSecond}. With several instances behind a balancer a subject gets up to that many times the rate.
 */
final class SubjectRateLimiter {

    /** Above this many subjects, buckets that are full again (idle subjects) are dropped. */
    private static final int MAX_TRACKED_SUBJECTS = 100_000;

    private final double perNano;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    SubjectRateLimiter(int perSecond, int burst) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
    }

    /** Empty when {@code subject} may go ahead; otherwise how long until it may. */
    Optional<Duration> acquire(String subject, long nowNanos) {
        if (buckets.size() > MAX_TRACKED_SUBJECTS) {
            buckets.values().removeIf(bucket -> bucket.isFull(nowNanos));
        }
        return buckets.computeIfAbsent(subject, s -> new Bucket(nowNanos)).take(nowNanos);
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt;

        Bucket(long nowNanos) {
            refilledAt = nowNanos;
        }

        synchronized Optional<Duration> take(long nowNanos) {
            refill(nowNanos);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano)));
        }

        synchronized boolean isFull(long nowNanos) {
            refill(nowNanos);
            return tokens >= burst;
        }

        private void refill(long nowNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
            refilledAt = nowNanos;
        }
    }
}
