package io.marketflow.command.idempotency;

import java.util.Arrays;

/** The answer given to the first request under a key, as it went out: status, {@code Location}, JSON body. */
record RememberedAnswer(byte[] requestFingerprint, int status, String location, String body, Long eventPosition) {

    boolean answers(IdempotentRequest request) {
        return Arrays.equals(requestFingerprint, request.fingerprint());
    }
}
