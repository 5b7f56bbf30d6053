package io.marketflow.api.audit;

/**
 * What recomputing a market's hash chain found.
 *
 * @param verified            every stored event is where its chain says and unchanged
 * @param events              how many events the market has in the store
 * @param firstBrokenSequence the first sequence whose event was changed or is missing; {@code null} when verified
 */
public record IntegrityReport(boolean verified, long events, Long firstBrokenSequence) {
}
