package io.marketflow.command.idempotency;

import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code idempotency_key} table. Every statement joins the transaction open on the calling thread, which is the
 * command's own when called from {@link IdempotencyInterceptor}.
 */
class RememberedResults {

    private static final int DELETE_BATCH = 10_000;

    private final JdbcClient jdbc;

    RememberedResults(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * Waits until no other transaction is carrying out a request under the same caller and key (the lock is held to
     * the end of this transaction), then finds the result an earlier one committed. The lock comes first, in its own
     * statement, so that the search sees what the transaction it waited for committed.
     */
    Optional<RememberedResult> lockAndFind(IdempotencyKey key) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")
                .params(key.caller(), key.key())
                .query()
                .listOfRows();
        return jdbc.sql("""
                        SELECT request_fingerprint, result_type, result, event_position FROM idempotency_key
                        WHERE caller = ? AND idempotency_key = ?""")
                .params(key.caller(), key.key())
                .query((row, number) -> new RememberedResult(row.getBytes(1),
                        new SimpleSerializedObject<>(row.getBytes(3), byte[].class, row.getString(2), null),
                        row.getObject(4, Long.class)))
                .optional();
    }

    /**
     * Remembers the command's result under the caller's key, with {@code position}, the last event the command
     * appended; when it appended none, the position of the last event of {@code aggregate} as this transaction sees
     * it.
     */
    void remember(IdempotencyKey key, SerializedObject<byte[]> result, Long position, String aggregate) {
        jdbc.sql("""
                        INSERT INTO idempotency_key
                            (caller, idempotency_key, request_fingerprint, result_type, result, event_position)
                        VALUES (?, ?, ?, ?, ?, coalesce(?, (SELECT global_index FROM domain_event_entry
                                                            WHERE aggregate_identifier = ?
                                                            ORDER BY sequence_number DESC LIMIT 1)))""")
                .params(key.caller(), key.key(), key.fingerprintBytes(), result.getType().getName(), result.getData(),
                        position, aggregate)
                .update();
    }

    /** Deletes every result remembered for {@code caller}; returns how many. */
    int forgetAllOf(String caller) {
        return jdbc.sql("DELETE FROM idempotency_key WHERE caller = ?").param(caller).update();
    }

    /** Deletes the results older than {@code age} by the database's clock, in batches; returns how many. */
    int forgetOlderThan(Duration age) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM idempotency_key WHERE ctid = ANY (ARRAY(
                                SELECT ctid FROM idempotency_key
                                WHERE created_at < now() - make_interval(secs => ?)
                                ORDER BY created_at LIMIT ?))""")
                    .params((double) age.toSeconds(), DELETE_BATCH)
                    .update();
            total += deleted;
        } while (deleted == DELETE_BATCH);
        return total;
    }
}
