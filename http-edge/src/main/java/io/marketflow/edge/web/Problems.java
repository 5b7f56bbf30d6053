package io.marketflow.edge.web;

import java.net.URI;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MimeType;

/** Builds RFC 9457 problem answers with {@code type}, {@code title}, {@code status} and {@code detail}. */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:marketflow:problem:";

    /** Said for every 404, whether the object is missing or another tenant's: the two must not be told apart. */
    public static final String NOT_FOUND_DETAIL = "The resource does not exist, or it is not yours.";

    /** Said for every 403: the role is missing; nothing about any object is implied. */
    public static final String FORBIDDEN_DETAIL = "Your token does not carry the role this endpoint needs.";

    /** Said for every 500: the caller cannot tell whether anything was saved, and is not told why. */
    public static final String INTERNAL_DETAIL =
            "The request failed on the server; nothing about it is known to have been saved.";

    private Problems() {
    }

    /**
     * What the security firewall refuses, found on entry or when the application first reads the header. The
     * firewall's own message quotes the offending value, which an answer never echoes.
     */
    public static Problem requestRejected() {
        return of(HttpStatus.BAD_REQUEST, "request-rejected", "The request has a header value, method or path the "
                + "server does not accept (a control character, an encoded slash...).");
    }

    public static Problem of(HttpStatus status, String type, String detail) {
        return new Problem(URI.create(TYPE_PREFIX + type), status.getReasonPhrase(), status.value(), detail);
    }

    /** The problem type named after a status: {@code method-not-allowed} for 405. */
    public static String typeOf(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    public static Problem notFound() {
        return of(HttpStatus.NOT_FOUND, "not-found", NOT_FOUND_DETAIL);
    }

    /** {@code problem} as an {@code application/problem+json} answer with its status. */
    public static ResponseEntity<Object> respond(Problem problem) {
        return ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** A 503 with {@code Retry-After: 1}: the request was not the problem, and the same request may succeed soon. */
    public static ResponseEntity<Object> unavailable(String type, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, "1").body(of(HttpStatus.SERVICE_UNAVAILABLE, type, detail));
    }

    /** A problem as an actuator endpoint's answer: endpoints answer outside Spring MVC's message converters. */
    public static WebEndpointResponse<Object> endpointResponse(HttpStatus status, String type, String detail) {
        return new WebEndpointResponse<>(of(status, type, detail), status.value(),
                MimeType.valueOf(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
    }

    /** Shorthand for {@code respond(of(status, type, detail))}. */
    public static ResponseEntity<Object> respond(HttpStatus status, String type, String detail) {
        return respond(of(status, type, detail));
    }
}
