package io.marketflow.command.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * The aggregates an instance keeps in memory between commands, at most {@code capacity} of them, in a Caffeine cache
 * (no lock shared by every load; the entries used most often and most lately stay), so that a command applies its own
 * new events instead of replaying the aggregate's whole history. Never trusted blindly: an aggregate that another
 * instance has moved on fails its append on the (aggregate, sequence) key and is evicted with the rolled-back unit of
 * work, and so is one whose command was refused.
 */
final class CaffeineAggregateCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    CaffeineAggregateCache(int capacity) {
        this(capacity, null);
    }

    /** With {@code maintenance} running Caffeine's evictions, e.g. at once on the caller's thread in a test. */
    CaffeineAggregateCache(int capacity, Executor maintenance) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(capacity);
        this.entries = (maintenance == null ? builder : builder.executor(maintenance)).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, absent -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (k, value) -> update.apply((V) value));
    }

    /** Nothing listens to this cache's entries. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return () -> true;
    }

    /** How many aggregates are kept, once pending evictions have run. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
