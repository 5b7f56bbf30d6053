package io.marketflow.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static Jwt expiringAt(Instant exp) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("olga").issuedAt(NOW.minusSeconds(10))
                .expiresAt(exp).build();
    }

    @Test
    void aVerifiedTokenIsKeptForTheTtlOnly() {
        MutableClock clock = new MutableClock(NOW);
        VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ofSeconds(30), 10, clock, Runnable::run);
        Jwt jwt = expiringAt(NOW.plusSeconds(3600));
        cache.put("token", jwt);

        clock.now = NOW.plusSeconds(29);
        assertThat(cache.get("token")).isSameAs(jwt);
        clock.now = NOW.plusSeconds(30);
        assertThat(cache.get("token")).isNull();
    }

    @Test
    void neverPastTheTokensOwnExpiry() {
        MutableClock clock = new MutableClock(NOW);
        VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ofSeconds(30), 10, clock, Runnable::run);
        cache.put("token", expiringAt(NOW.plusSeconds(5)));

        clock.now = NOW.plusSeconds(5);

        assertThat(cache.get("token")).isNull();
    }

    @Test
    void aFullCacheMakesRoomAndStaysBounded() {
        MutableClock clock = new MutableClock(NOW);
        VerifiedTokenCache cache = new VerifiedTokenCache(Duration.ofSeconds(30), 2, clock, Runnable::run);
        cache.put("a", expiringAt(NOW.plusSeconds(3600)));
        cache.put("b", expiringAt(NOW.plusSeconds(3600)));

        cache.put("c", expiringAt(NOW.plusSeconds(3600)));

        assertThat(cache.get("c")).isNotNull();
        assertThat(cache.get("a") == null || cache.get("b") == null).isTrue();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
