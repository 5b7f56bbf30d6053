package io.marketflow.edge.web;

import java.net.URI;

/**
 * An RFC 9457 problem body. Deliberately without {@code instance}: a 404 for another tenant's object must be
 * byte-identical to a 404 for a missing one, so no answer echoes the request.
 *
 * @param type   what kind of problem, {@code urn:marketflow:problem:<slug>}
 * @param title  the status's reason phrase
 * @param status the HTTP status
 * @param detail what went wrong, for a human
 */
public record Problem(URI type, String title, int status, String detail) {

    /** The slug of {@link #type()}: {@code not-found}, {@code state-conflict}... */
    public String slug() {
        String urn = type.toString();
        return urn.substring(urn.lastIndexOf(':') + 1);
    }
}
