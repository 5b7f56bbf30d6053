package io.marketflow.projection.processing;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.postgresql.jdbc.AutoSave;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The live processor's transactions, on the projector pool, fast or careful ({@link CarefulMode}). A fast one takes no
 * savepoint per statement and lets {@link BatchedWrites} hold the batch's writes to its end; a careful one takes a
 * savepoint before every statement, so that a failing event rolls back alone and is parked in the dead-letter queue
 * while the batch commits. A failing event is therefore parked, never skipped, exactly as before, one retry later; the
 * savepoints, which made every statement three (11,636 savepoints against 3,100 writes over 842 status changes,
 * {@code pg_stat_statements}), are paid only after a failure.
 */
public final class ProjectionTransactions implements TransactionManager {

    private final TransactionManager projector;
    private final DataSource pool;
    private final CarefulMode careful;

    public ProjectionTransactions(TransactionManager projector, DataSource pool, CarefulMode careful) {
        this.projector = projector;
        this.pool = pool;
        this.careful = careful;
    }

    @Override
    public Transaction startTransaction() {
        boolean outermost = !TransactionSynchronizationManager.isActualTransactionActive();
        Transaction transaction = projector.startTransaction();
        if (!outermost) {
            return transaction;
        }
        boolean carefully = careful.forNextTransaction();
        Runnable restore;
        try {
            restore = Savepoints.use(pool, carefully ? AutoSave.ALWAYS : AutoSave.NEVER);
            if (carefully) {
                TransactionSynchronizationManager.bindResource(CarefulMode.class, Boolean.TRUE);
            }
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
                    ended();
                }
            }

            @Override
            public void rollback() {
                try {
                    transaction.rollback();
                } finally {
                    ended();
                }
            }

            private void ended() {
                restore.run();
                TransactionSynchronizationManager.unbindResourceIfPossible(CarefulMode.class);
            }
        };
    }
}
