package io.marketflow.command.idempotency;

import java.util.Arrays;
import org.axonframework.serialization.SerializedObject;

/**
 * The result of the first request under a key, as its command's handler returned it, serialized; and the position of
 * its aggregate's last event then.
 */
record RememberedResult(byte[] requestFingerprint, SerializedObject<byte[]> result, Long eventPosition) {

    boolean answers(IdempotencyKey key) {
        return Arrays.equals(requestFingerprint, key.fingerprintBytes());
    }
}
