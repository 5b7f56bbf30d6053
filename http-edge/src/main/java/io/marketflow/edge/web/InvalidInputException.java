package io.marketflow.edge.web;

/** A request value the contract does not allow: answered 400 with this message as the detail. */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
