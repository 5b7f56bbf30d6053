package io.marketflow.edge.web;

/**
 * The object is missing or belongs to another tenant; answered as the one 404 body of {@link Problems#notFound()}.
 * It carries no message on purpose: nothing about the object may leak into the answer.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException() {
        super(null, null, false, false);
    }
}
