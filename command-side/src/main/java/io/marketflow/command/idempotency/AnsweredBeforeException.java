package io.marketflow.command.idempotency;

/** The command's key was answered before, for the same request: that answer is given again, nothing is done. */
public final class AnsweredBeforeException extends RuntimeException {

    private final transient RememberedAnswer answer;

    AnsweredBeforeException(RememberedAnswer answer) {
        super("answered before", null, false, false);
        this.answer = answer;
    }

    public int status() {
        return answer.status();
    }

    public String location() {
        return answer.location();
    }

    public String body() {
        return answer.body();
    }

    public Long eventPosition() {
        return answer.eventPosition();
    }
}
