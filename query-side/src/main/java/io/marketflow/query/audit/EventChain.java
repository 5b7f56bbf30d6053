package io.marketflow.query.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash chain of an aggregate's events, computed the way PostgreSQL computes it on append (migration V6): SHA-256
 * of the previous hash, the sequence as 8 bytes, then the payload type, payload and metadata, each prefixed with its
 * length as 4 bytes (all big-endian). Written independently of the database's function, so each checks the other.
 */
final class EventChain {

    private EventChain() {
    }

    /** The hash of an event whose predecessor's hash is {@code previous} ({@code null} for the first event). */
    static byte[] next(byte[] previous, long sequence, String payloadType, byte[] payload, byte[] metaData) {
        MessageDigest sha256 = sha256();
        if (previous != null) {
            sha256.update(previous);
        }
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        lengthPrefixed(sha256, payloadType.getBytes(StandardCharsets.UTF_8));
        lengthPrefixed(sha256, payload);
        lengthPrefixed(sha256, metaData == null ? new byte[0] : metaData);
        return sha256.digest();
    }

    private static void lengthPrefixed(MessageDigest digest, byte[] part) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        digest.update(part);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
