package io.marketflow.command.refusal;

/** The command is not allowed in the target's current state; the message says why, for the caller. */
public class StateConflictException extends CommandRefusedException {

    public StateConflictException(String message) {
        super(message);
    }
}
