package io.marketflow.command.refusal;

/**
 * The target does not exist, or it is not the caller's. The two are deliberately one exception, answered with one
 * body, so that no caller can learn whether another tenant's object exists.
 */
public class NotFoundOrNotYoursException extends CommandRefusedException {

    public NotFoundOrNotYoursException() {
        super("not found");
    }
}
