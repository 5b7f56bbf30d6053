package io.marketflow.command.refusal;

/** A command value breaks an invariant the aggregate guards itself (the REST layer normally catches it first). */
public class InvalidCommandException extends CommandRefusedException {

    public InvalidCommandException(String message) {
        super(message);
    }
}
