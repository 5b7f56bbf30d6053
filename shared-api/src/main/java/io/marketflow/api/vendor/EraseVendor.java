package io.marketflow.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Erases the caller's personal data for good: their data keys are destroyed, so every stored copy of their
 * personal fields stops decrypting. Answers nothing; erasing an erased or unknown vendor does nothing.
 *
 * @param vendorId the verified caller
 * @param erasedAt when the request was accepted
 */
public record EraseVendor(@TargetAggregateIdentifier VendorId vendorId, Instant erasedAt) {
}
