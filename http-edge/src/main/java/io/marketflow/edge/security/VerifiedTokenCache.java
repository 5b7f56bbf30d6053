package io.marketflow.edge.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executor;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens this side has verified lately, so that a client sending the same bearer token again is not made to pay
 * for another RSA or ECDSA verification. Only successful verifications are kept, each for {@code ttl} at most and
 * never past its token's {@code exp}; a {@code ttl} of half the key cache's keeps a key the issuer removed working for
 * at most one and a half key-cache periods. Bounded: when full, Caffeine drops the tokens least likely to come again.
 */
final class VerifiedTokenCache {

    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(Duration ttl, int capacity, Clock clock) {
        this(ttl, capacity, clock, null);
    }

    /** With {@code maintenance} running Caffeine's evictions, e.g. at once on the caller's thread in a test. */
    VerifiedTokenCache(Duration ttl, int capacity, Clock clock, Executor maintenance) {
        Caffeine<String, Jwt> builder = Caffeine.newBuilder()
                .maximumSize(capacity)
                .ticker(ticker(clock))
                .expireAfter(new UntilTtlOrExpiry(ttl, clock));
        this.verified = (maintenance == null ? builder : builder.executor(maintenance)).build();
    }

    /** The verified token, if {@code token} was verified within the last {@code ttl} and has not expired. */
    Jwt get(String token) {
        return verified.getIfPresent(token);
    }

    void put(String token, Jwt jwt) {
        verified.put(token, jwt);
    }

    private static Ticker ticker(Clock clock) {
        return () -> ChronoUnit.NANOS.between(Instant.EPOCH, clock.instant());
    }

    /** Kept for {@code ttl} from its verification, or until the token's {@code exp} if that comes first. */
    private record UntilTtlOrExpiry(Duration ttl, Clock clock) implements Expiry<String, Jwt> {

        @Override
        public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
            Duration keep = ttl;
            if (jwt.getExpiresAt() != null) {
                Duration untilExpiry = Duration.between(clock.instant(), jwt.getExpiresAt());
                if (untilExpiry.compareTo(keep) < 0) {
                    keep = untilExpiry.isNegative() ? Duration.ZERO : untilExpiry;
                }
            }
            return keep.toNanos();
        }

        @Override
        public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(token, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
