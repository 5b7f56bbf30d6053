package io.marketflow.projection.processing;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.postgresql.jdbc.AutoSave;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The live processor's transactions, on the projector pool, in two modes.
 * <ul>
 *     <li><b>Fast</b>, the usual one: no savepoint per statement. A statement that fails aborts the batch's
 *     transaction, so the event cannot be parked in it; the batch is rolled back and the processor tries it again.</li>
 *     <li><b>Careful</b>, for {@value #CAREFUL_MINUTES} minute after an event's handling failed
 *     ({@link #handlingFailed()}), and always for a retry of parked events: a savepoint before every statement, so
 *     that a failing event rolls back alone, is parked in the dead-letter queue in the same transaction, and the
 *     rest of the batch commits.</li>
 * </ul>
 * A failing event is therefore parked, never skipped, exactly as before, one retry later; the savepoints, which made
 * every statement three (the largest share of the projector's statements under load: 11,636 savepoints against
 * 3,100 writes over 842 status changes, {@code pg_stat_statements}), are paid only after a failure.
 */
public final class ProjectionTransactions implements TransactionManager {

    private static final long CAREFUL_MINUTES = 1;
    private static final ThreadLocal<Boolean> CAREFUL_HERE = new ThreadLocal<>();

    private final TransactionManager projector;
    private final DataSource pool;
    private final Clock clock;
    private final AtomicReference<Instant> carefulUntil = new AtomicReference<>(Instant.MIN);

    public ProjectionTransactions(TransactionManager projector, DataSource pool, Clock clock) {
        this.projector = projector;
        this.pool = pool;
        this.clock = clock;
    }

    /** Runs {@code work} with every transaction this thread starts in careful mode: retries of parked events. */
    public static <T> T carefully(Supplier<T> work) {
        Boolean before = CAREFUL_HERE.get();
        CAREFUL_HERE.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CAREFUL_HERE.remove();
            }
        }
    }

    /**
     * An event's handling failed in a fast transaction, which could not park it: the processor rolls the batch back
     * and tries it again, carefully. (A rolled-back transaction alone says nothing: a processor thread that finds a
     * segment claimed elsewhere rolls back too.)
     */
    void handlingFailed() {
        carefulUntil.set(clock.instant().plus(Duration.ofMinutes(CAREFUL_MINUTES)));
    }

    /** Whether the transactions started now take a savepoint before every statement. */
    boolean careful() {
        return Boolean.TRUE.equals(CAREFUL_HERE.get()) || clock.instant().isBefore(carefulUntil.get());
    }

    @Override
    public Transaction startTransaction() {
        boolean outermost = !TransactionSynchronizationManager.isActualTransactionActive();
        Transaction transaction = projector.startTransaction();
        if (!outermost) {
            return transaction;
        }
        Runnable restore;
        try {
            restore = Savepoints.use(pool, careful() ? AutoSave.ALWAYS : AutoSave.NEVER);
        } catch (SQLException | RuntimeException e) {
            transaction.rollback();
            throw new IllegalStateException("cannot begin a projection transaction", e);
        }
        return new Transaction() {
            @Override
            public void commit() {
                try {
                    transaction.commit();
                } finally {
                    restore.run();
                }
            }

            @Override
            public void rollback() {
                try {
                    transaction.rollback();
                } finally {
                    restore.run();
                }
            }
        };
    }
}
