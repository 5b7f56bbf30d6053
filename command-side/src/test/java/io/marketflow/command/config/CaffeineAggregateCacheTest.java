package io.marketflow.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaffeineAggregateCacheTest {

    @Test
    void keepsTheMostRecentlyUsedAndDropsTheLeastRecentlyUsedBeyondCapacity() {
        CaffeineAggregateCache cache = new CaffeineAggregateCache(2, Runnable::run);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat((Integer) cache.get("a")).isEqualTo(1); // a is now the most recently used

        cache.put("c", 3);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("c")).isTrue();
    }

    @Test
    void staysWithinItsCapacityUnderManyAggregates() {
        CaffeineAggregateCache cache = new CaffeineAggregateCache(100, Runnable::run);
        for (int i = 0; i < 10_000; i++) {
            cache.put("market-" + i, i);
        }

        assertThat(cache.size()).isEqualTo(100);
    }

    @Test
    void anEvictedAggregateIsGoneAndPutIfAbsentKeepsTheFirst() {
        CaffeineAggregateCache cache = new CaffeineAggregateCache(10);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat((Integer) cache.get("a")).isEqualTo(1);

        assertThat(cache.remove("a")).isTrue();

        assertThat((Object) cache.get("a")).isNull();
        assertThat(cache.remove("a")).isFalse();
    }

    @Test
    void anUpdateReachesOnlyAnAggregateThatIsKept() {
        CaffeineAggregateCache cache = new CaffeineAggregateCache(10);
        cache.put("a", 1);

        cache.<Integer>computeIfPresent("a", value -> value + 1);
        cache.<Integer>computeIfPresent("b", value -> value + 1);

        assertThat((Integer) cache.get("a")).isEqualTo(2);
        assertThat(cache.containsKey("b")).isFalse();
    }
}
