package io.marketflow.command.idempotency;

/** The caller sent a different request under a key already used for another one: refused, nothing is done. */
public final class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException() {
        super("This Idempotency-Key was used before for a different request (method, path or body); "
                + "send a new key for a new request.", null, false, false);
    }
}
