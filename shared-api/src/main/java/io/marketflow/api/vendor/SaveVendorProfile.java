package io.marketflow.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates the caller's vendor profile, or replaces it. Answers {@link VendorProfileSaved}.
 *
 * @param vendorId     the verified caller
 * @param businessName 1 to 120 characters
 * @param category     0 to 60 characters
 * @param savedAt      when the request was accepted
 */
public record SaveVendorProfile(@TargetAggregateIdentifier VendorId vendorId, String businessName, String category,
                                Instant savedAt) {
}
