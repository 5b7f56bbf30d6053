package io.marketflow.persistence.personal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The vendors' data keys in {@code vendor_data_key}. A writing transaction (a command's, or a projector's batch) reads
 * the keys it uses on its own connection {@code FOR SHARE}, holding each row until it commits: an erasure's update
 * waits for those transactions, and one that reads a key after the erasure finds it gone. For a projector that is what
 * keeps an erased vendor's plaintext out of the read models: its segments project {@code VendorErased} and the
 * vendor's submissions independently, and an insert opened under a live key and committed after the blanking would
 * keep it. A reading transaction (the reader role, which may read no key) has its keys read on the first pool, which
 * may, without a lock. Unwrapped keys are kept only for the rest of their transaction, never longer: nothing in memory
 * outlives an erasure.
 */
public final class VendorDataKeys implements DataKeyIssuer {

    /** A usable data key: its generation, which ciphertexts name, and the key. */
    public record DataKey(int generation, SecretKey key) {
    }

    private final List<DataSource> dataSources;
    private final KeyEncryptionKeys keks;
    private final boolean commandSide;

    /**
     * @param dataSources the pools transactions may run on; the first reads keys for reading transactions and when no
     *                    transaction is bound
     * @param commandSide whether these keys seal commands' fields: a vendor who never had a key (their profile was
     *                    made before fields were sealed) is given one when something of theirs is first sealed
     */
    public VendorDataKeys(List<DataSource> dataSources, KeyEncryptionKeys keks, boolean commandSide) {
        if (dataSources.isEmpty()) {
            throw new IllegalArgumentException("no data source to read vendor data keys from");
        }
        this.dataSources = List.copyOf(dataSources);
        this.keks = keks;
        this.commandSide = commandSide;
    }

    /** The key-encryption keys these data keys are wrapped under. */
    public KeyEncryptionKeys keks() {
        return keks;
    }

    /**
     * {@code vendor}'s newest key if it is not destroyed, locked until this transaction ends when it is a command's. A
     * vendor who never had one is given one here, on the command side.
     */
    public Optional<DataKey> forWriting(String vendor) {
        Optional<DataKey> newest = cached(vendor, null);
        if (newest.isEmpty() && commandSide && writing() && neverHadAKey(vendor)) {
            jdbc().sql("""
                            INSERT INTO public.vendor_data_key (vendor_id, generation, wrapped_key, kek_id)
                            VALUES (?, 1, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(vendor, keks.wrap(Gcm.randomKey(), vendor, 1), keks.currentId())
                    .update();
            // whichever transaction's key went in first is the vendor's
            transactionCache().ifPresent(cache -> cache.remove(cacheKey(vendor, null)));
            newest = cached(vendor, null);
        }
        return newest;
    }

    /**
     * Reads {@code vendor}'s newest key into a writing transaction and locks it until the transaction ends, issuing
     * none: for a command that takes it before any aggregate's lock, so that it never waits for a key while holding
     * an aggregate (an erasure holds the key, then waits for the vendor's aggregate), and the aggregate's lock is not
     * held for the read.
     */
    public void lockNewest(String vendor) {
        if (writing()) {
            cached(vendor, null);
        }
    }

    /** The sequence number of the newest event of a vendor's profile, {@code null} when it has none. */
    public record ProfileVersion(Long newestEvent) {
    }

    /**
     * As {@link #lockNewest}, and reads in the same statement the newest event of the vendor's profile (the aggregate
     * the vendor's id names), so that a command can check the profile it kept without a round trip of its own. Empty
     * when no writing transaction is in progress or the vendor has no key row.
     */
    public Optional<ProfileVersion> lockNewestWithProfileVersion(String vendor) {
        if (!writing()) {
            return Optional.empty();
        }
        return jdbc().sql("""
                        SELECT generation, wrapped_key, kek_id,
                            (SELECT max(sequence_number) FROM public.domain_event_entry
                             WHERE aggregate_identifier = ?) AS newest_event
                        FROM public.vendor_data_key WHERE vendor_id = ?
                        ORDER BY generation DESC LIMIT 1 FOR SHARE""")
                .param(vendor).param(vendor)
                .query((row, n) -> {
                    remember(vendor, null, unwrapped(vendor, row.getInt(1), row.getBytes(2), row.getString(3)));
                    return new ProfileVersion(row.getObject(4, Long.class));
                })
                .optional();
    }

    private boolean neverHadAKey(String vendor) {
        return !jdbc().sql("SELECT EXISTS (SELECT 1 FROM public.vendor_data_key WHERE vendor_id = ?)")
                .param(vendor).query(Boolean.class).single();
    }

    /** The key of {@code vendor}'s {@code generation}, empty once destroyed. */
    public Optional<DataKey> of(String vendor, int generation) {
        return cached(vendor, generation);
    }

    /**
     * Gives {@code vendor} a new key, of the next generation, in the current transaction: for a new profile, and for a
     * profile made again after an erasure.
     */
    @Override
    public int issueFor(String vendor) {
        return create(vendor).generation();
    }

    private DataKey create(String vendor) {
        JdbcClient jdbc = jdbc();
        int generation = jdbc.sql("""
                        SELECT coalesce(max(generation), 0) + 1 FROM public.vendor_data_key WHERE vendor_id = ?""")
                .param(vendor).query(Integer.class).single();
        byte[] key = Gcm.randomKey();
        jdbc.sql("""
                        INSERT INTO public.vendor_data_key (vendor_id, generation, wrapped_key, kek_id)
                        VALUES (?, ?, ?, ?)""")
                .params(vendor, generation, keks.wrap(key, vendor, generation), keks.currentId()).update();
        DataKey created = new DataKey(generation, new SecretKeySpec(key, "AES"));
        transactionCache().ifPresent(cache -> {
            cache.put(cacheKey(vendor, null), Optional.of(created));
            cache.put(cacheKey(vendor, generation), Optional.of(created));
        });
        return created;
    }

    /**
     * Destroys every key of {@code vendor} in the current transaction; answers how many were still live. The update
     * waits for every transaction that holds one of them to write with it.
     */
    public int destroyAll(String vendor) {
        JdbcClient jdbc = jdbc();
        // a vendor who never had a key gets a destroyed one, so that none is issued to them afterwards; first, so
        // that a key a writer is issuing them meanwhile is in (the insert waits for it) when the update below runs
        jdbc.sql("""
                        INSERT INTO public.vendor_data_key (vendor_id, generation, destroyed_at)
                        VALUES (?, 1, now()) ON CONFLICT DO NOTHING""")
                .param(vendor).update();
        int destroyed = jdbc.sql("""
                        UPDATE public.vendor_data_key SET wrapped_key = NULL, kek_id = NULL, destroyed_at = now()
                        WHERE vendor_id = ? AND wrapped_key IS NOT NULL""")
                .param(vendor).update();
        transactionCache().ifPresent(Map::clear);
        return destroyed;
    }

    /**
     * Re-wraps up to {@code batch} live keys not wrapped under the current KEK, in the current transaction, touching
     * nothing else; answers how many. Rows another transaction holds are left for the next call.
     */
    public int rewrap(int batch) {
        JdbcClient jdbc = jdbc();
        List<Wrapped> stale = jdbc.sql("""
                        SELECT vendor_id, generation, wrapped_key, kek_id FROM public.vendor_data_key
                        WHERE wrapped_key IS NOT NULL AND kek_id <> ?
                        ORDER BY vendor_id, generation LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(keks.currentId(), batch)
                .query((row, n) -> new Wrapped(row.getString(1), row.getInt(2), row.getBytes(3), row.getString(4)))
                .list();
        for (Wrapped key : stale) {
            byte[] plain = keks.unwrap(key.wrapped(), key.kekId(), key.vendor(), key.generation());
            jdbc.sql("""
                            UPDATE public.vendor_data_key SET wrapped_key = ?, kek_id = ?
                            WHERE vendor_id = ? AND generation = ?""")
                    .params(keks.wrap(plain, key.vendor(), key.generation()), keks.currentId(), key.vendor(),
                            key.generation())
                    .update();
        }
        return stale.size();
    }

    private record Wrapped(String vendor, int generation, byte[] wrapped, String kekId) {
    }

    private Optional<DataKey> cached(String vendor, Integer generation) {
        Optional<Map<String, Optional<DataKey>>> cache = transactionCache();
        String key = cacheKey(vendor, generation);
        if (cache.isPresent() && cache.get().containsKey(key)) {
            return cache.get().get(key);
        }
        if (generation != null && writing()) {
            // a writing transaction that opens a field usually seals one of the same vendor next: the newest key,
            // which is nearly always the one asked for, is read (and locked) once for both
            Optional<DataKey> newest = cached(vendor, null);
            if (newest.isPresent() && newest.get().generation() == generation) {
                cache.ifPresent(map -> map.put(key, newest));
                return newest;
            }
        }
        Optional<DataKey> found = load(vendor, generation);
        remember(vendor, generation, found);
        return found;
    }

    /** Keeps what was read for {@code generation} (null: the newest) for the rest of the transaction. */
    private void remember(String vendor, Integer generation, Optional<DataKey> found) {
        transactionCache().ifPresent(cache -> {
            cache.put(cacheKey(vendor, generation), found);
            found.ifPresent(live -> cache.putIfAbsent(cacheKey(vendor, live.generation()), found));
        });
    }

    /** Whether a transaction that may write is in progress: a command's, or a projector's batch. */
    static boolean writing() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly();
    }

    private Optional<DataKey> load(String vendor, Integer generation) {
        boolean writing = writing();
        String sql = """
                SELECT generation, wrapped_key, kek_id FROM public.vendor_data_key
                WHERE vendor_id = ? AND (CAST(? AS int) IS NULL OR generation = ?)
                ORDER BY generation DESC LIMIT 1""" + (writing ? " FOR SHARE" : "");
        // a reading transaction's role may not read keys (the reader): they are read on the key-reading pool instead
        JdbcClient.StatementSpec statement = (writing ? jdbc() : JdbcClient.create(dataSources.get(0))).sql(sql)
                .param(vendor).param(generation).param(generation);
        return statement.query((row, n) -> unwrapped(vendor, row.getInt(1), row.getBytes(2), row.getString(3))
                .orElse(null)).optional();
    }

    /** The key a row holds, empty once it is destroyed. */
    private Optional<DataKey> unwrapped(String vendor, int generation, byte[] wrapped, String kekId) {
        return wrapped == null ? Optional.empty()
                : Optional.of(new DataKey(generation,
                        new SecretKeySpec(keks.unwrap(wrapped, kekId, vendor, generation), "AES")));
    }

    /** The pool of the transaction in progress, so that a key is read (and locked) on the transaction's connection. */
    private JdbcClient jdbc() {
        for (DataSource dataSource : dataSources) {
            if (TransactionSynchronizationManager.hasResource(dataSource)) {
                return JdbcClient.create(dataSource);
            }
        }
        return JdbcClient.create(dataSources.get(0));
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Optional<DataKey>>> transactionCache() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return Optional.empty();
        }
        Object bound = TransactionSynchronizationManager.getResource(this);
        if (bound != null) {
            return Optional.of((Map<String, Optional<DataKey>>) bound);
        }
        Map<String, Optional<DataKey>> cache = new HashMap<>();
        TransactionSynchronizationManager.bindResource(this, cache);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(VendorDataKeys.this);
            }
        });
        return Optional.of(cache);
    }

    private static String cacheKey(String vendor, Integer generation) {
        return (generation == null ? "newest" : generation.toString()) + "|" + vendor;
    }
}
