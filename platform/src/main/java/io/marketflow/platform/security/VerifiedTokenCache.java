package io.marketflow.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens this side has verified lately, so that a client sending the same bearer token again is not made to pay
 * for another RSA or ECDSA verification. Only successful verifications are kept, each for {@code ttl} at most and
 * never past its token's {@code exp}; a {@code ttl} of half the key cache's keeps a key the issuer removed working for
 * at most one and a half key-cache periods. Bounded: when full, expired entries go, and if none had expired, all do.
 */
final class VerifiedTokenCache {

    private record Verified(Jwt jwt, Instant until) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int capacity;
    private final Clock clock;

    VerifiedTokenCache(Duration ttl, int capacity, Clock clock) {
        this.ttl = ttl;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The verified token, if {@code token} was verified within the last {@code ttl} and has not expired. */
    Jwt get(String token) {
        Verified entry = verified.get(token);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.until())) {
            verified.remove(token, entry);
            return null;
        }
        return entry.jwt();
    }

    void put(String token, Jwt jwt) {
        Instant now = clock.instant();
        Instant until = now.plus(ttl);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (verified.size() >= capacity) {
            verified.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (verified.size() >= capacity) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(jwt, until));
    }
}
