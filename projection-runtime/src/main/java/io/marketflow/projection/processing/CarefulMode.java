package io.marketflow.projection.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether the live processor applies its batches carefully: for {@value #MINUTES} minute after an event or a batch
 * failed to apply, and always for retries of parked events. A careful transaction takes a savepoint before every
 * statement and runs every write at once, so that a failing event rolls back alone and is parked in the same
 * transaction while the rest of the batch commits; the usual, fast one does neither, and a failure rolls its batch
 * back for the processor to try again, carefully.
 */
public final class CarefulMode {

    private static final long MINUTES = 1;
    private static final ThreadLocal<Boolean> HERE = new ThreadLocal<>();

    private final Clock clock;
    private final AtomicReference<Instant> until = new AtomicReference<>(Instant.MIN);

    public CarefulMode(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code work} with every transaction this thread starts careful: retries of parked events. */
    public static <T> T during(Supplier<T> work) {
        Boolean before = HERE.get();
        HERE.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) {
                HERE.remove();
            }
        }
    }

    /** Applying failed in a fast transaction: the batch is tried again, and carefully. */
    void failed() {
        until.set(clock.instant().plus(Duration.ofMinutes(MINUTES)));
    }

    /** Whether a transaction started now is careful. */
    boolean forNextTransaction() {
        return Boolean.TRUE.equals(HERE.get()) || clock.instant().isBefore(until.get());
    }

    /** Whether the transaction bound to this thread is careful: such a transaction binds this class. */
    static boolean ofCurrentTransaction() {
        return TransactionSynchronizationManager.hasResource(CarefulMode.class);
    }
}
