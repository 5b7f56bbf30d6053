package io.marketflow.query.rebuild;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Marks the current transaction as writing a rebuild's copies rather than the live read models: its changes are
 * nobody's news yet, so side effects meant for live changes (the live feed's notices) are left out.
 */
public final class ShadowWrites {

    private ShadowWrites() {
    }

    /** Whether the current transaction writes a rebuild's copies. */
    public static boolean active() {
        return TransactionSynchronizationManager.hasResource(ShadowWrites.class);
    }

    static void begin() {
        TransactionSynchronizationManager.bindResource(ShadowWrites.class, Boolean.TRUE);
    }

    static void end() {
        TransactionSynchronizationManager.unbindResourceIfPossible(ShadowWrites.class);
    }
}
