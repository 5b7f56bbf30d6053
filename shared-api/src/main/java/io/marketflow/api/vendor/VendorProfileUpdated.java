package io.marketflow.api.vendor;

import java.time.Instant;

/**
 * A vendor changed their profile.
 *
 * @param vendorId     the vendor
 * @param businessName the business they apply as
 * @param category     what they sell, possibly empty
 * @param updatedAt    when
 */
public record VendorProfileUpdated(VendorId vendorId, @Personal(of = "vendorId") String businessName,
                                   @Personal(of = "vendorId") String category, Instant updatedAt) {
}
