package io.marketflow.projection.rebuild;

import io.marketflow.projection.RebuildTransaction;
import io.marketflow.projection.processing.Savepoints;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.postgresql.jdbc.AutoSave;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The live processors' own transactions (the projector pool and role), pointed at the twin tables: unqualified table
 * names mean schema {@code marketflow_rebuild} for the transaction, so a projection writes a twin, and a table
 * without a twin is an error, never a live write. The transaction is marked as a {@link RebuildTransaction}. One
 * thing differs from live: no savepoint per statement. A live batch needs them to park one event and commit the rest;
 * a rebuild that parks anything fails, and the savepoints cost a quarter of its speed (3,125 against 4,191 events/s
 * with four segments, {@code java -jar bench/target/marketflow-bench-exec.jar --quick rebuild}). A transaction started
 * inside one joins it, and leaves the marking to it.
 */
final class TwinTableTransactions implements TransactionManager {

    private final TransactionManager projectorTransactions;
    private final DataSource projectorPool;
    private final JdbcClient projector;

    TwinTableTransactions(TransactionManager projectorTransactions, DataSource projectorPool) {
        this.projectorTransactions = projectorTransactions;
        this.projectorPool = projectorPool;
        this.projector = JdbcClient.create(projectorPool);
    }

    @Override
    public Transaction startTransaction() {
        boolean outermost = !RebuildTransaction.isCurrent();
        Transaction transaction = projectorTransactions.startTransaction();
        if (!outermost) {
            return transaction;
        }
        Runnable restore;
        try {
            projector.sql("SET LOCAL search_path TO marketflow_rebuild").update();
            restore = Savepoints.use(projectorPool, AutoSave.NEVER);
            TransactionSynchronizationManager.bindResource(RebuildTransaction.class, Boolean.TRUE);
        } catch (SQLException | RuntimeException e) {
            transaction.rollback();
            throw new IllegalStateException("cannot begin a transaction on the twin tables", e);
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
                TransactionSynchronizationManager.unbindResourceIfPossible(RebuildTransaction.class);
            }
        };
    }
}
