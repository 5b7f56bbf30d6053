package io.marketflow.command.idempotency;

import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code idempotency_key} table. Every statement joins the transaction open on the calling thread, which is the
 * command's own when called from {@link AnswerOnceInterceptor}.
 */
class RememberedAnswers {

    private static final int DELETE_BATCH = 10_000;

    private final JdbcClient jdbc;

    RememberedAnswers(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * Waits until no other transaction is carrying out a request under the same caller and key (the lock is held to
     * the end of this transaction), then finds the answer an earlier one committed. The lock comes first, in its own
     * statement, so that the search sees what the transaction it waited for committed.
     */
    Optional<RememberedAnswer> lockAndFind(String caller, String key) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")
                .params(caller, key)
                .query()
                .listOfRows();
        return jdbc.sql("""
                        SELECT request_fingerprint, status, location, body, event_position FROM idempotency_key
                        WHERE caller = ? AND idempotency_key = ?""")
                .params(caller, key)
                .query((row, number) -> new RememberedAnswer(row.getBytes(1), row.getInt(2), row.getString(3),
                        row.getString(4), row.getObject(5, Long.class)))
                .optional();
    }

    /**
     * Remembers the answer to the caller's request, with the position of the last event of {@code aggregate} as
     * this transaction sees it: after the command's own events when called once they are appended.
     */
    void remember(String caller, IdempotentRequest request, int status, String location, String body,
                  String aggregate) {
        jdbc.sql("""
                        INSERT INTO idempotency_key
                            (caller, idempotency_key, request_fingerprint, status, location, body, event_position)
                        VALUES (?, ?, ?, ?, ?, ?, (SELECT global_index FROM domain_event_entry
                                                   WHERE aggregate_identifier = ?
                                                   ORDER BY sequence_number DESC LIMIT 1))""")
                .params(caller, request.key(), request.fingerprint(), status, location, body, aggregate)
                .update();
    }

    /** Deletes the answers older than {@code age} by the database's clock, in batches; returns how many. */
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
