package io.marketflow.projection.consistency;

/** The read model did not reach the position a query asked for within the wait: answered 503 with Retry-After. */
class NotCaughtUpException extends RuntimeException {

    public NotCaughtUpException(String message) {
        super(message, null, false, false);
    }
}
