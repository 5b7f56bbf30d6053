package io.marketflow.projection;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether the current transaction writes a rebuild's twin tables rather than the live read models. A rebuild runs
 * the projections exactly as live processing does; what they do beyond their tables, such as announcing a change to
 * live feeds, is nobody's news until the twins are swapped in, so a projection leaves it out when this says so.
 */
public final class RebuildTransaction {

    private RebuildTransaction() {
    }

    /**
     * Whether the transaction bound to this thread writes a rebuild's twin tables: the rebuild's transactions bind
     * this class as a resource of theirs.
     */
    public static boolean isCurrent() {
        return TransactionSynchronizationManager.hasResource(RebuildTransaction.class);
    }
}
