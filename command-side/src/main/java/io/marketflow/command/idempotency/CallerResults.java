package io.marketflow.command.idempotency;

/** The results remembered for a caller's {@code Idempotency-Key}s, as the rest of the command side may touch them. */
public interface CallerResults {

    /** Deletes every result remembered for {@code caller}, in the transaction open on this thread; returns how many. */
    int forgetAllOf(String caller);
}
