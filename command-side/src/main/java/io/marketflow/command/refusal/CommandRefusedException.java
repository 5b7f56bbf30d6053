package io.marketflow.command.refusal;

/** A command an aggregate refused; nothing was appended. Cheap to throw: refusals are expected, not bugs. */
public abstract class CommandRefusedException extends RuntimeException {

    protected CommandRefusedException(String message) {
        super(message, null, false, false);
    }
}
