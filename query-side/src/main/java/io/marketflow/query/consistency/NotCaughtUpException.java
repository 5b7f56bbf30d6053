package io.marketflow.query.consistency;

/** The read model did not reach the position a query asked for within the wait: answered 503 with Retry-After. */
public class NotCaughtUpException extends RuntimeException {

    public NotCaughtUpException(String message) {
        super(message, null, false, false);
    }
}
