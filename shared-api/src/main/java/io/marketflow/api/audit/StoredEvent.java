package io.marketflow.api.audit;

/**
 * One event exactly as the store holds it.
 *
 * @param sequence    its place in the aggregate's history
 * @param payloadType the payload's class name
 * @param timestamp   when it was appended, as stored (ISO-8601)
 * @param payload     the payload's bytes
 * @param metaData    the metadata's bytes
 * @param chainHash   the SHA-256 chain hash PostgreSQL computed on append
 */
public record StoredEvent(long sequence, String payloadType, String timestamp, byte[] payload, byte[] metaData,
                          byte[] chainHash) {
}
