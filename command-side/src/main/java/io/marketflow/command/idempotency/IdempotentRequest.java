package io.marketflow.command.idempotency;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * A request that carries an {@code Idempotency-Key}: the key and a SHA-256 fingerprint of the request's method, path
 * and body, which tells a retry of the same request from another request that reuses the key.
 */
public record IdempotentRequest(String key, byte[] fingerprint) {

    public static final String HEADER = "Idempotency-Key";
    static final String ATTRIBUTE = IdempotentRequest.class.getName();

    /** The idempotent request {@code request} is, if it carried a key. */
    public static Optional<IdempotentRequest> of(HttpServletRequest request) {
        return Optional.ofNullable((IdempotentRequest) request.getAttribute(ATTRIBUTE));
    }

    /** The key as {@code caller}'s, to travel with the command. */
    public IdempotencyKey keyOf(String caller) {
        return new IdempotencyKey(caller, key, IdempotencyKey.encode(fingerprint));
    }
}
